-- access: analyst
-- The first row of the staged CSV with more fields than its header (row_no), NULL when none.
SELECT min(rowid) - (SELECT min(rowid) FROM intake_raw) + $first_row AS row_no
FROM intake_raw WHERE intake_overflow IS NOT NULL
