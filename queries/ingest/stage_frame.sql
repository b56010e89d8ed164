-- access: analyst
-- Copies the registered DataFrame intake_frame (all text columns, contract names) into temp table
-- intake_raw, in row order. Returns nothing.
CREATE OR REPLACE TEMP TABLE intake_raw AS SELECT * FROM intake_frame
