-- Schema version 10: record keys for cell-key perturbation (issue 20, item 3; docs/privacy.md).
-- Every defendant row and every member carries a fixed random key in [0, 2^31), drawn once when
-- the row is written (the column default) and never changed: an import that updates a stored
-- defendant or member keeps its key, existing rows get theirs here. The aggregates shown to a
-- member derive their noise from these keys (queries/rebuild_facts.sql), so the same cell always
-- gets the same noise. The keys are secret: no query a member or leadership may run returns them.
ALTER TABLE defendants ADD COLUMN IF NOT EXISTS record_key INTEGER DEFAULT (floor(random() * 2147483648))::INTEGER;
ALTER TABLE members ADD COLUMN IF NOT EXISTS record_key INTEGER DEFAULT (floor(random() * 2147483648))::INTEGER;
