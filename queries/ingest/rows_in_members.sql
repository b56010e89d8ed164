-- access: analyst
-- Number of non-empty rows in the current members file (rows).
SELECT count(*) AS rows FROM intake_members
