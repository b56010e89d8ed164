-- access: analyst
-- A defendant list replaces a docket's aggregate "Does 1-N" / Schedule A row: deletes those
-- defendants rows (and their links, and their place in intake_touched when this import wrote them)
-- of cases with an accepted row in intake_defendants and marks them replaced; their cases go to
-- facts_touched. Returns nothing.
CREATE OR REPLACE TEMP TABLE intake_replaced_aggregates AS
SELECT case_id, defendant_no FROM aggregate_defendants
WHERE replaced_at IS NULL
  AND case_id IN (SELECT case_id FROM intake_defendants WHERE row_no NOT IN (SELECT row_no FROM intake_errors));
DELETE FROM member_links WHERE (case_id, defendant_no) IN (SELECT case_id, defendant_no FROM intake_replaced_aggregates);
DELETE FROM defendants WHERE (case_id, defendant_no) IN (SELECT case_id, defendant_no FROM intake_replaced_aggregates);
DELETE FROM intake_touched WHERE (case_id, defendant_no) IN (SELECT case_id, defendant_no FROM intake_replaced_aggregates);
INSERT INTO facts_touched SELECT DISTINCT case_id FROM intake_replaced_aggregates;
UPDATE aggregate_defendants SET replaced_at = current_timestamp
WHERE (case_id, defendant_no) IN (SELECT case_id, defendant_no FROM intake_replaced_aggregates);
