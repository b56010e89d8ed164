-- access: analyst
-- Builds temp table intake_dropped_parties: the defendants of case $case_id that only a docket's
-- party list had put there (docket_parties) and that the docket imported again no longer names
-- ($names: its defendant parties' names, lower case). ingest/docket_parties_drop drops them.
-- Returns nothing.
CREATE OR REPLACE TEMP TABLE intake_dropped_parties AS
SELECT d.case_id, d.defendant_no
FROM docket_parties p
JOIN defendants d ON d.case_id = p.case_id AND d.defendant_no = p.defendant_no
WHERE p.case_id = $case_id
  AND NOT list_contains($names, lower(coalesce(d.store_name, '')))
