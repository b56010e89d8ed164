-- access: analyst
-- Number of non-empty rows in the current defendants file (rows).
SELECT count(*) AS rows FROM intake_defendants
