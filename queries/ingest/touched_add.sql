-- access: analyst
-- Adds the defendants the current file writes to intake_touched (replacing what an earlier file of
-- the same import wrote for them), and their cases to facts_touched; returns nothing.
DELETE FROM intake_touched
WHERE (case_id, defendant_no) IN (SELECT case_id, defendant_no FROM intake_defendants_changed);
INSERT INTO intake_touched
SELECT case_id, defendant_no, member_given, member_id, platform, seller_id, store_name
FROM intake_defendants_changed;
INSERT INTO facts_touched SELECT DISTINCT case_id FROM intake_defendants_changed;
