-- access: analyst
-- The case id a docket file's court code $court and docket number $docket are stored under
-- (ingest/macros: the number as PACER writes it). Columns: case_id.
SELECT $court || ':' || intake_case_docket($court, number) AS case_id
FROM (SELECT intake_row_number($docket, NULL) AS number)
