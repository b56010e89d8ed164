-- access: analyst
-- Number of non-empty rows in the current cases file (rows).
SELECT count(*) AS rows FROM intake_cases
