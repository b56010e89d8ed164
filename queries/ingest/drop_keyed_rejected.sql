-- access: analyst
-- Removes rows that now have errors from intake_defendants_keyed (--skip-invalid); returns nothing.
DELETE FROM intake_defendants_keyed WHERE row_no IN (SELECT row_no FROM intake_errors)
