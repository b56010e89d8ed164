-- access: analyst
-- Adds the defendants the current file writes to intake_touched; returns nothing.
INSERT INTO intake_touched
SELECT c.case_id, c.defendant_no, k.member_id IS NOT NULL
FROM intake_defendants_changed c
JOIN intake_defendants_keyed k ON k.case_id = c.case_id AND k.defendant_no = c.defendant_no
