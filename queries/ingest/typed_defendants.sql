-- access: analyst
-- Builds temp table intake_defendants from intake_raw: per row that names a defendant its row_no, the parsed
-- values (case_id given or court + docket_number, codes looked up in intake_vocab, a district
-- also giving its city, amounts, the appeared flag) and one flag per check the row fails (bad_*,
-- spelled out as reasons by ingest/check_defendants). A list repeats its case, platform, city,
-- outcome ... on every row: those cells are cleaned, looked up and checked once per distinct cell
-- and joined back on the cell's text; only the number, names, ids and amounts are read per row.
-- Returns nothing.
CREATE OR REPLACE TEMP TABLE intake_defendants AS
WITH case_cells AS (
    SELECT cell_case_id, cell_court, cell_docket, raw_case_id, raw_court, raw_docket_number,
           court.code || ':' || intake_case_docket(court.code, number) AS case_id
    FROM (SELECT *, intake_row_number(raw_docket_number, raw_case_id) AS number  -- see ingest/macros
          FROM (SELECT cell_case_id, cell_court, cell_docket,
                       intake_text(cell_case_id) AS raw_case_id,
                       intake_text(cell_court) AS raw_court,
                       intake_text(cell_docket) AS raw_docket_number
                FROM (SELECT DISTINCT case_id AS cell_case_id, court AS cell_court, docket_number AS cell_docket
                      FROM intake_raw)))
    LEFT JOIN intake_vocab court
           ON court.domain = 'court'
          AND court.alias = intake_alias(coalesce(raw_court, nullif(split_part(raw_case_id, ':', 1), raw_case_id)))
), cases_checked AS (
    SELECT c.*,
           c.raw_case_id IS NULL AND (c.raw_court IS NULL OR c.raw_docket_number IS NULL) AS bad_case_missing,
           c.case_id IS NULL AND (c.raw_court IS NOT NULL OR c.raw_case_id IS NOT NULL) AS bad_court,
           c.case_id IS NOT NULL AND c.case_id NOT IN (SELECT case_id FROM cases) AS bad_case_unknown
    FROM case_cells c
), platforms AS (
    SELECT cell, raw, v.code
    FROM (SELECT cell, intake_text(cell) AS raw FROM (SELECT DISTINCT platform AS cell FROM intake_raw WHERE platform IS NOT NULL))
    LEFT JOIN intake_vocab v ON v.domain = 'platform' AND v.alias = intake_alias(raw)
), cities AS (
    SELECT cell, raw, v.code
    FROM (SELECT cell, intake_text(cell) AS raw FROM (SELECT DISTINCT city_code AS cell FROM intake_raw WHERE city_code IS NOT NULL))
    LEFT JOIN intake_vocab v ON v.domain = 'city' AND v.alias = intake_alias(raw)
), districts AS (
    SELECT cell, raw, v.code, v.city_code
    FROM (SELECT cell, intake_text(cell) AS raw FROM (SELECT DISTINCT district AS cell FROM intake_raw WHERE district IS NOT NULL))
    LEFT JOIN intake_vocab v ON v.domain = 'district' AND v.alias = intake_alias(raw)
), sectors AS (
    SELECT cell, raw, v.code
    FROM (SELECT cell, intake_text(cell) AS raw FROM (SELECT DISTINCT sector_code AS cell FROM intake_raw WHERE sector_code IS NOT NULL))
    LEFT JOIN intake_vocab v ON v.domain = 'sector' AND v.alias = intake_alias(raw)
), outcomes AS (
    SELECT cell, raw, v.code
    FROM (SELECT cell, intake_text(cell) AS raw FROM (SELECT DISTINCT outcome AS cell FROM intake_raw WHERE outcome IS NOT NULL))
    LEFT JOIN intake_vocab v ON v.domain = 'outcome' AND v.alias = intake_alias(raw)
), flags AS (
    SELECT cell, raw, intake_bool(raw) AS appeared
    FROM (SELECT cell, intake_text(cell) AS raw FROM (SELECT DISTINCT appeared AS cell FROM intake_raw WHERE appeared IS NOT NULL))
), member_cells AS (
    SELECT cell, raw, raw IS NOT NULL AND raw NOT IN (SELECT member_id FROM members) AS unknown
    FROM (SELECT cell, intake_text(cell) AS raw FROM (SELECT DISTINCT member_id AS cell FROM intake_raw WHERE member_id IS NOT NULL))
), cell_text AS (
    SELECT rowid - (SELECT min(rowid) FROM intake_raw) + $first_row AS row_no,
           case_id AS cell_case_id,
           court AS cell_court,
           docket_number AS cell_docket,
           intake_text(defendant_no) AS raw_defendant_no,
           intake_text(store_name) AS store_name,
           platform AS cell_platform,
           intake_text(seller_id) AS seller_id,
           member_id AS cell_member_id,
           city_code AS cell_city_code,
           district AS cell_district,
           sector_code AS cell_sector_code,
           outcome AS cell_outcome,
           intake_text(frozen_usd) AS raw_frozen_usd,
           intake_text(settlement_usd) AS raw_settlement_usd,
           intake_text(judgment_usd) AS raw_judgment_usd,
           appeared AS cell_appeared,
           intake_text(is_aggregate) IS NOT NULL AS is_aggregate
    FROM intake_raw
), cells AS (
    -- intake_name in two steps, and the amounts' text made once (ingest/macros: intake_amount names
    -- its text five times), so that each is planned once (planning is most of a small file's time)
    SELECT * REPLACE (intake_unquote(store_name) AS store_name, intake_unquote(seller_id) AS seller_id),
           CASE WHEN regexp_full_match(raw_frozen_usd, '\d+(\.\d+)?') THEN NULL
                ELSE intake_amount_text(raw_frozen_usd) END AS text_frozen_usd,
           CASE WHEN regexp_full_match(raw_settlement_usd, '\d+(\.\d+)?') THEN NULL
                ELSE intake_amount_text(raw_settlement_usd) END AS text_settlement_usd,
           CASE WHEN regexp_full_match(raw_judgment_usd, '\d+(\.\d+)?') THEN NULL
                ELSE intake_amount_text(raw_judgment_usd) END AS text_judgment_usd
    FROM cell_text
), parsed AS (
    SELECT r.row_no,
           c.case_id,
           CASE WHEN regexp_full_match(r.raw_defendant_no, '\d{1,9}') THEN CAST(r.raw_defendant_no AS INTEGER)
                WHEN regexp_full_match(intake_halfwidth(r.raw_defendant_no), '\d{1,9}(\.0+)?')
                    THEN CAST(CAST(intake_halfwidth(r.raw_defendant_no) AS DOUBLE) AS INTEGER) END AS defendant_no,
           r.store_name,
           p.code AS platform,
           r.seller_id,
           m.raw AS member_id,
           coalesce(city.code, d.city_code) AS city_code,
           d.code AS district,
           s.code AS sector_code,
           o.code AS outcome,
           -- plain numbers skip the currency and unit clean-up
           CASE WHEN regexp_full_match(r.raw_frozen_usd, '\d+(\.\d+)?') THEN CAST(r.raw_frozen_usd AS DOUBLE)
                ELSE intake_amount(r.text_frozen_usd) END AS frozen_usd,
           CASE WHEN regexp_full_match(r.raw_settlement_usd, '\d+(\.\d+)?') THEN CAST(r.raw_settlement_usd AS DOUBLE)
                ELSE intake_amount(r.text_settlement_usd) END AS settlement_usd,
           CASE WHEN regexp_full_match(r.raw_judgment_usd, '\d+(\.\d+)?') THEN CAST(r.raw_judgment_usd AS DOUBLE)
                ELSE intake_amount(r.text_judgment_usd) END AS judgment_usd,
           f.appeared,
           r.is_aggregate,
           coalesce(c.bad_case_missing, TRUE) AS bad_case_missing,
           coalesce(c.bad_court, FALSE) AS bad_court,
           coalesce(c.bad_case_unknown, FALSE) AS bad_case_unknown,
           r.raw_defendant_no,
           p.raw IS NOT NULL AND p.code IS NULL AS bad_platform,
           city.raw IS NOT NULL AND city.code IS NULL AS bad_city,
           d.raw IS NOT NULL AND (d.code IS NULL OR d.city_code <> coalesce(city.code, d.city_code)) AS bad_district,
           s.raw IS NOT NULL AND s.code IS NULL AS bad_sector,
           o.raw IS NOT NULL AND o.code IS NULL AS bad_outcome,
           coalesce(m.unknown, FALSE) AS bad_member,
           f.raw IS NOT NULL AND f.appeared IS NULL AS bad_appeared,
           r.raw_frozen_usd,
           r.raw_settlement_usd,
           r.raw_judgment_usd,
           -- a row with no defendant's number, name, id, member, outcome or amount is a case without
           -- defendants (as the case table and its downloads list one, with the case's sector and
           -- city): nothing to import, like a blank row
           coalesce(r.raw_defendant_no, r.store_name, p.raw, r.seller_id, m.raw, o.raw, r.raw_frozen_usd,
                    r.raw_settlement_usd, r.raw_judgment_usd, f.raw) IS NOT NULL AS has_data
    FROM cells r
    LEFT JOIN cases_checked c
           ON c.cell_case_id IS NOT DISTINCT FROM r.cell_case_id
          AND c.cell_court IS NOT DISTINCT FROM r.cell_court
          AND c.cell_docket IS NOT DISTINCT FROM r.cell_docket
    LEFT JOIN platforms p ON p.cell = r.cell_platform
    LEFT JOIN member_cells m ON m.cell = r.cell_member_id
    LEFT JOIN cities city ON city.cell = r.cell_city_code
    LEFT JOIN districts d ON d.cell = r.cell_district
    LEFT JOIN sectors s ON s.cell = r.cell_sector_code
    LEFT JOIN outcomes o ON o.cell = r.cell_outcome
    LEFT JOIN flags f ON f.cell = r.cell_appeared
)
SELECT * EXCLUDE (raw_defendant_no, raw_frozen_usd, raw_settlement_usd, raw_judgment_usd, has_data),
       raw_defendant_no IS NOT NULL AND coalesce(defendant_no, 0) < 1 AS bad_number,
       store_name IS NULL AND seller_id IS NULL AS bad_store_missing,
       raw_frozen_usd IS NOT NULL AND coalesce(frozen_usd, -1) < 0 AS bad_frozen_usd,
       raw_settlement_usd IS NOT NULL AND coalesce(settlement_usd, -1) < 0 AS bad_settlement_usd,
       raw_judgment_usd IS NOT NULL AND coalesce(judgment_usd, -1) < 0 AS bad_judgment_usd
FROM parsed
WHERE has_data
