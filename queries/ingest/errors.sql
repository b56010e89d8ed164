-- access: analyst
-- The row errors of the current file (row_no, column_name, value, reason, detail), in row order.
SELECT row_no, column_name, value, reason, detail FROM intake_errors ORDER BY row_no, column_name
