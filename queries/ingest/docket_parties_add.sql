-- access: analyst
-- Records the defendants a docket's party list wrote as new rows (not its aggregate parties, which
-- aggregate_defendants holds): a later import of the docket that no longer names them drops them
-- (ingest/docket_parties_drop). Returns nothing.
INSERT OR IGNORE INTO docket_parties (case_id, defendant_no)
SELECT c.case_id, c.defendant_no
FROM intake_defendants_changed c
JOIN intake_defendants_keyed k ON k.case_id = c.case_id AND k.defendant_no = c.defendant_no
WHERE c.is_new AND NOT coalesce(k.is_aggregate, false)
