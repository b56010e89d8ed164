-- access: analyst
-- Builds temp table intake_errors(row_no, column_name, value, reason, detail) for intake_events:
-- a known case, a plausible date, a known kind, a defendant of that case when the file names one
-- (a docket's defendant numbers are the court's Schedule A lines, which may be stored after it), no
-- event twice in the file. Returns nothing.
CREATE OR REPLACE TEMP TABLE intake_errors AS
SELECT row_no, 'case_id' AS column_name, NULL AS value, 'required' AS reason, NULL AS detail
FROM intake_events WHERE raw_case_id IS NULL AND (raw_court IS NULL OR raw_docket_number IS NULL)
UNION ALL
-- an unknown court is the court cell's, else the case id's it was read from
SELECT row_no, CASE WHEN raw_court IS NOT NULL THEN 'court' ELSE 'case_id' END, coalesce(raw_court, raw_case_id), 'unknown_court', NULL
FROM intake_events WHERE case_id IS NULL AND (raw_court IS NOT NULL OR raw_case_id IS NOT NULL)
UNION ALL
SELECT e.row_no, 'case_id', e.case_id, 'unknown_case', NULL
FROM intake_events e
WHERE e.case_id IS NOT NULL AND NOT EXISTS (SELECT 1 FROM cases c WHERE c.case_id = e.case_id)
UNION ALL
SELECT row_no, 'event_on', raw_event_on,
       CASE WHEN raw_event_on IS NULL THEN 'required' WHEN event_on IS NULL THEN 'bad_date' ELSE 'date_range' END,
       CASE WHEN event_on IS NOT NULL THEN CAST($min_date AS VARCHAR) || ' – ' || CAST($max_date AS VARCHAR) END
FROM intake_events
WHERE event_on IS NULL OR event_on NOT BETWEEN CAST($min_date AS DATE) AND CAST($max_date AS DATE)
UNION ALL
SELECT row_no, 'kind', raw_kind, CASE WHEN raw_kind IS NULL THEN 'required' ELSE 'unknown_value' END, NULL
FROM intake_events WHERE kind IS NULL
UNION ALL
SELECT row_no, 'defendant_no', raw_defendant_no, 'bad_number', NULL
FROM intake_events WHERE raw_defendant_no IS NOT NULL AND (defendant_no IS NULL OR defendant_no < 1)
UNION ALL
SELECT e.row_no, 'defendant_no', e.raw_defendant_no, 'unknown_defendant', e.case_id
FROM intake_events e
WHERE e.defendant_no IS NOT NULL AND e.case_id IS NOT NULL AND e.scope IS DISTINCT FROM 'defendant'
  AND EXISTS (SELECT 1 FROM cases c WHERE c.case_id = e.case_id)
  AND NOT EXISTS (SELECT 1 FROM defendants d WHERE d.case_id = e.case_id AND d.defendant_no = e.defendant_no)
UNION ALL
SELECT row_no, 'kind', raw_kind, 'duplicate_key', CAST(first_row AS VARCHAR)
FROM (SELECT row_no, raw_kind,
             min(row_no) OVER (PARTITION BY case_id, event_on, kind, coalesce(defendant_no, 0)) AS first_row
      FROM intake_events WHERE case_id IS NOT NULL AND event_on IS NOT NULL AND kind IS NOT NULL)
WHERE row_no > first_row
