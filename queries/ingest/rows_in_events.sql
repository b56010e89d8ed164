-- access: analyst
-- Number of non-empty rows in the current events file (rows).
SELECT count(*) AS rows FROM intake_events
