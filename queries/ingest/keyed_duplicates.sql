-- access: analyst
-- Rows of intake_defendants_keyed that resolve to a defendant another row of the file already
-- names (row_no, column_name, value, reason, detail = the first row).
SELECT row_no, 'defendant_no' AS column_name, CAST(defendant_no AS VARCHAR) AS value, 'duplicate_key' AS reason,
       CAST(first_row AS VARCHAR) AS detail
FROM (SELECT row_no, defendant_no, min(row_no) OVER (PARTITION BY case_id, defendant_no) AS first_row
      FROM intake_defendants_keyed)
WHERE row_no > first_row
