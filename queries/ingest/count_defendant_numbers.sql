-- access: analyst
-- Number of rows of the current defendants file whose defendant_no was looked up or assigned (rows).
SELECT count(*) AS rows FROM intake_defendant_numbers
