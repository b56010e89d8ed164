-- access: analyst
-- Upserts intake_defendants_changed into defendants; returns the number of rows written (Count).
INSERT OR REPLACE INTO defendants SELECT * FROM intake_defendants_changed
