-- access: analyst
-- Adds to intake_errors the rows of intake_defendants_keyed that resolve to a defendant another row
-- of the file already names (reason duplicate_key, detail = the first row). Only a looked-up or
-- assigned number can collide (given ones were checked by ingest/check_defendants). Returns nothing.
INSERT INTO intake_errors
SELECT row_no, 'defendant_no', CAST(defendant_no AS VARCHAR), 'duplicate_key', CAST(first_row AS VARCHAR)
FROM (SELECT row_no, defendant_no, min(row_no) OVER (PARTITION BY case_id, defendant_no) AS first_row
      FROM intake_defendants_keyed
      WHERE (case_id, defendant_no) IN (SELECT d.case_id, n.defendant_no
                                        FROM intake_defendant_numbers n JOIN intake_defendants d USING (row_no)))
WHERE row_no > first_row
