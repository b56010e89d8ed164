-- access: analyst
-- Builds temp table intake_cases from intake_raw: per non-empty row its row_no, the raw text of
-- checked columns (raw_*) and parsed values (codes looked up in intake_vocab). Returns nothing.
CREATE OR REPLACE TEMP TABLE intake_cases AS
WITH t AS (
    SELECT rowid - (SELECT min(rowid) FROM intake_raw) + $first_row AS row_no,
           intake_text(case_id) AS raw_case_id,
           intake_text(court) AS raw_court,
           intake_text(docket_number) AS raw_docket_number,
           intake_text(country) AS raw_country,
           intake_text(case_name) AS case_name,
           intake_text(filed_on) AS raw_filed_on,
           intake_text(closed_on) AS raw_closed_on,
           intake_text(plaintiff) AS plaintiff,
           intake_text(brand) AS brand,
           intake_text(law_firm) AS law_firm,
           intake_text(ip_type) AS raw_ip_type,
           intake_text(case_kind) AS raw_case_kind,
           intake_text(sector_code) AS raw_sector_code,
           intake_text(nature_of_suit) AS nature_of_suit,
           intake_text(source) AS source,
           intake_text(source_ref) AS source_ref
    FROM intake_raw
), r AS (
    -- intake_name is intake_unquote(intake_text(v)): apart, each cell's text is planned once, not once
    -- for each of the four times intake_unquote names it (planning is most of a small file's time)
    SELECT * REPLACE (intake_unquote(case_name) AS case_name, intake_unquote(plaintiff) AS plaintiff, intake_unquote(brand) AS brand, intake_unquote(law_firm) AS law_firm, intake_unquote(nature_of_suit) AS nature_of_suit, intake_unquote(source) AS source, intake_unquote(source_ref) AS source_ref),
           intake_row_number(raw_docket_number, raw_case_id) AS number  -- see ingest/macros
    FROM t
)
SELECT * EXCLUDE (number) REPLACE (court || ':' || docket_number AS case_id)
FROM (
SELECT r.*,
       court.code AS court,
       intake_case_docket(court.code, r.number) AS docket_number,
       NULL AS case_id,
       upper(r.raw_country) AS country,
       intake_date(r.raw_filed_on) AS filed_on,
       intake_date(r.raw_closed_on) AS closed_on,
       ip.code AS ip_type,
       kind.code AS case_kind,
       sector.code AS sector_code,
       court_country.country AS court_country
FROM r
LEFT JOIN intake_vocab court
       ON court.domain = 'court'
      AND court.alias = intake_alias(coalesce(r.raw_court, nullif(split_part(r.raw_case_id, ':', 1), r.raw_case_id)))
LEFT JOIN courts court_country ON court_country.court = court.code
LEFT JOIN intake_vocab ip ON ip.domain = 'ip_type' AND ip.alias = intake_alias(r.raw_ip_type)
LEFT JOIN intake_vocab kind ON kind.domain = 'case_kind' AND kind.alias = intake_alias(r.raw_case_kind)
LEFT JOIN intake_vocab sector ON sector.domain = 'sector' AND sector.alias = intake_alias(r.raw_sector_code)
WHERE coalesce(r.raw_case_id, r.raw_court, r.raw_docket_number, r.raw_country, r.case_name, r.raw_filed_on,
               r.raw_closed_on, r.plaintiff, r.brand, r.law_firm, r.raw_ip_type, r.raw_case_kind,
               r.raw_sector_code, r.nature_of_suit, r.source, r.source_ref) IS NOT NULL
)
