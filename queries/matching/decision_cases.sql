-- access: analyst
-- Builds temp table facts_touched: the cases of match_targets, whose fact rows a decision
-- changes (for bump_data_version). Returns nothing.
CREATE OR REPLACE TEMP TABLE facts_touched AS SELECT DISTINCT case_id FROM match_targets
