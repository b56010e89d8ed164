-- access: analyst
-- The staged rows of the current file that have an error: row_no and every staged column, in
-- file order (rowids of a table made in this transaction are consecutive from its first row).
SELECT rowid - (SELECT min(rowid) FROM intake_raw) + $first_row AS row_no, *
FROM intake_raw
WHERE rowid - (SELECT min(rowid) FROM intake_raw) + $first_row IN (SELECT row_no FROM intake_errors)
ORDER BY row_no
