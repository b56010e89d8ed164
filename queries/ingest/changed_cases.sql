-- access: analyst
-- Builds temp table intake_cases_changed: the accepted rows of intake_cases (no entry in
-- intake_errors) merged with the stored case (columns not in $present keep their stored value,
-- columns in $fill only fill a stored NULL), minus rows already stored exactly so. Same columns
-- and order as cases. Returns nothing.
CREATE OR REPLACE TEMP TABLE intake_cases_changed AS
SELECT i.case_id,
       i.court,
       coalesce(CASE WHEN list_contains($present, 'country') THEN i.country END, c.country, i.court_country, 'US'),
       i.docket_number,
       CASE WHEN list_contains($present, 'case_name') THEN i.case_name ELSE c.case_name END,
       i.filed_on,
       CASE WHEN list_contains($present, 'closed_on') THEN i.closed_on ELSE c.closed_on END,
       CASE WHEN list_contains($present, 'plaintiff') THEN i.plaintiff ELSE c.plaintiff END,
       CASE WHEN list_contains($fill, 'brand') THEN coalesce(c.brand, i.brand)
            WHEN list_contains($present, 'brand') THEN i.brand ELSE c.brand END,
       CASE WHEN list_contains($present, 'law_firm') THEN i.law_firm ELSE c.law_firm END,
       i.ip_type,
       CASE WHEN list_contains($fill, 'case_kind') THEN coalesce(c.case_kind, i.case_kind) ELSE i.case_kind END,
       CASE WHEN list_contains($present, 'sector_code') THEN i.sector_code ELSE c.sector_code END,
       CASE WHEN list_contains($present, 'nature_of_suit') THEN i.nature_of_suit ELSE c.nature_of_suit END,
       coalesce(CASE WHEN list_contains($present, 'source') THEN i.source END, c.source, $source),
       CASE WHEN list_contains($present, 'source_ref') THEN i.source_ref ELSE c.source_ref END
FROM intake_cases i
LEFT JOIN cases c ON c.case_id = i.case_id
WHERE i.row_no NOT IN (SELECT row_no FROM intake_errors)
EXCEPT
SELECT * FROM cases
