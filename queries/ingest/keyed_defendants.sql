-- access: analyst
-- Creates temp view intake_defendants_keyed: the accepted rows of intake_defendants (no entry in
-- intake_errors) with their final defendant_no — the given one, else the one ingest/keyed_numbers
-- found. Returns nothing.
CREATE OR REPLACE TEMP VIEW intake_defendants_keyed AS
SELECT d.* REPLACE (coalesce(d.defendant_no, n.defendant_no) AS defendant_no)
FROM intake_defendants d
LEFT JOIN intake_defendant_numbers n ON n.row_no = d.row_no
WHERE d.row_no NOT IN (SELECT row_no FROM intake_errors)
