-- access: analyst
-- Adds the rows of the registered frame intake_more_errors to intake_errors; returns nothing.
INSERT INTO intake_errors SELECT row_no, column_name, value, reason, detail FROM intake_more_errors
