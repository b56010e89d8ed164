-- access: analyst
-- Builds temp table intake_errors(row_no, column_name, value, reason, detail) for intake_cases:
-- required fields, known court / IP type / case kind / sector, dates parsed and between $min_date
-- and $max_date, closed not before filed, no case twice in the file. Returns nothing.
CREATE OR REPLACE TEMP TABLE intake_errors AS
SELECT row_no, 'case_id' AS column_name, NULL AS value, 'required' AS reason, NULL AS detail
FROM intake_cases WHERE raw_case_id IS NULL AND (raw_court IS NULL OR raw_docket_number IS NULL)
UNION ALL
-- an unknown court is the court cell's, else the case id's it was read from
SELECT row_no, CASE WHEN raw_court IS NOT NULL THEN 'court' ELSE 'case_id' END, coalesce(raw_court, raw_case_id), 'unknown_court', NULL
FROM intake_cases WHERE court IS NULL AND (raw_court IS NOT NULL OR raw_case_id IS NOT NULL)
UNION ALL
SELECT row_no, 'case_id', raw_case_id, 'case_id_mismatch', court || ':' || raw_docket_number
FROM (SELECT *, intake_row_number(NULL, raw_case_id) AS id_number,  -- see ingest/macros
                intake_row_number(raw_docket_number, NULL) AS cell_number
      FROM intake_cases
      WHERE raw_case_id IS NOT NULL AND raw_docket_number IS NOT NULL AND court IS NOT NULL)
WHERE lower(split_part(raw_case_id, ':', 1)) <> court
   OR intake_case_docket(court, id_number) <> intake_case_docket(court, cell_number)
UNION ALL
SELECT row_no, 'country', raw_country, 'bad_country', NULL
FROM intake_cases WHERE raw_country IS NOT NULL AND NOT regexp_full_match(raw_country, '[A-Za-z]{2}')
UNION ALL
SELECT row_no, 'filed_on', raw_filed_on,
       CASE WHEN raw_filed_on IS NULL THEN 'required' WHEN filed_on IS NULL THEN 'bad_date' ELSE 'date_range' END,
       CASE WHEN filed_on IS NOT NULL THEN CAST($min_date AS VARCHAR) || ' – ' || CAST($max_date AS VARCHAR) END
FROM intake_cases
WHERE filed_on IS NULL OR filed_on NOT BETWEEN CAST($min_date AS DATE) AND CAST($max_date AS DATE)
UNION ALL
SELECT row_no, 'closed_on', raw_closed_on,
       CASE WHEN closed_on IS NULL THEN 'bad_date'
            WHEN closed_on NOT BETWEEN CAST($min_date AS DATE) AND CAST($max_date AS DATE) THEN 'date_range'
            ELSE 'closed_before_filed' END,
       CASE WHEN closed_on IS NULL THEN NULL
            WHEN closed_on NOT BETWEEN CAST($min_date AS DATE) AND CAST($max_date AS DATE)
                THEN CAST($min_date AS VARCHAR) || ' – ' || CAST($max_date AS VARCHAR)
            ELSE CAST(filed_on AS VARCHAR) END
FROM intake_cases
WHERE raw_closed_on IS NOT NULL
  AND (closed_on IS NULL OR closed_on NOT BETWEEN CAST($min_date AS DATE) AND CAST($max_date AS DATE)
       OR closed_on < filed_on)
UNION ALL
SELECT row_no, 'ip_type', raw_ip_type, CASE WHEN raw_ip_type IS NULL THEN 'required' ELSE 'unknown_value' END, NULL
FROM intake_cases WHERE ip_type IS NULL
UNION ALL
SELECT row_no, 'case_kind', raw_case_kind, CASE WHEN raw_case_kind IS NULL THEN 'required' ELSE 'unknown_value' END, NULL
FROM intake_cases WHERE case_kind IS NULL
UNION ALL
SELECT row_no, 'sector_code', raw_sector_code, 'unknown_sector', NULL
FROM intake_cases WHERE raw_sector_code IS NOT NULL AND sector_code IS NULL
UNION ALL
SELECT row_no, 'case_id', case_id, 'duplicate_key', CAST(first_row AS VARCHAR)
FROM (SELECT row_no, case_id, min(row_no) OVER (PARTITION BY lower(case_id)) AS first_row
      FROM intake_cases WHERE case_id IS NOT NULL)
WHERE row_no > first_row
