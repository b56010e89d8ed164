-- access: analyst
-- Number of cases rows the current file writes (rows).
SELECT count(*) AS rows FROM intake_cases_changed
