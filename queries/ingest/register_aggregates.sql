-- access: analyst
-- Records the aggregate ("Does 1-N" / Schedule A) rows a docket import wrote; returns nothing.
INSERT OR IGNORE INTO aggregate_defendants (case_id, defendant_no, label)
SELECT case_id, defendant_no, store_name FROM intake_defendants_keyed WHERE is_aggregate
