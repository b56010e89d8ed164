-- access: analyst
-- Number of members rows the current file writes (rows).
SELECT count(*) AS rows FROM intake_members_changed
