-- access: analyst
-- Upserts intake_cases_changed into cases; returns the number of rows written (column Count).
INSERT OR REPLACE INTO cases SELECT * FROM intake_cases_changed
