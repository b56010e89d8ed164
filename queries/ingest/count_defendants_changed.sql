-- access: analyst
-- Number of defendants rows the current file writes (rows).
SELECT count(*) AS rows FROM intake_defendants_changed
