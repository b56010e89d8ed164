-- access: analyst
-- Upserts intake_cases_changed into cases and adds them to facts_touched; returns nothing.
INSERT OR REPLACE INTO cases SELECT * FROM intake_cases_changed;
INSERT INTO facts_touched SELECT case_id FROM intake_cases_changed
