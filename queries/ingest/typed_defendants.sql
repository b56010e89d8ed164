-- access: analyst
-- Builds temp table intake_defendants from intake_raw: per non-empty row its row_no, the raw text
-- of checked columns (raw_*) and parsed values: case_id (given or court + docket_number), codes
-- looked up in intake_vocab (a district also gives its city), amounts, the appeared flag.
-- Returns nothing.
CREATE OR REPLACE TEMP TABLE intake_defendants AS
WITH r AS (
    SELECT rowid - (SELECT min(rowid) FROM intake_raw) + $first_row AS row_no,
           intake_text(case_id) AS raw_case_id,
           intake_text(court) AS raw_court,
           intake_text(docket_number) AS raw_docket_number,
           intake_text(defendant_no) AS raw_defendant_no,
           intake_text(store_name) AS store_name,
           intake_text(platform) AS raw_platform,
           intake_text(seller_id) AS seller_id,
           intake_text(member_id) AS member_id,
           intake_text(city_code) AS raw_city_code,
           intake_text(district) AS raw_district,
           intake_text(sector_code) AS raw_sector_code,
           intake_text(outcome) AS raw_outcome,
           intake_text(frozen_usd) AS raw_frozen_usd,
           intake_text(settlement_usd) AS raw_settlement_usd,
           intake_text(judgment_usd) AS raw_judgment_usd,
           intake_text(appeared) AS raw_appeared,
           intake_amount_text(intake_text(frozen_usd)) AS amount_frozen_usd,
           intake_amount_text(intake_text(settlement_usd)) AS amount_settlement_usd,
           intake_amount_text(intake_text(judgment_usd)) AS amount_judgment_usd,
           intake_text(is_aggregate) IS NOT NULL AS is_aggregate
    FROM intake_raw
)
SELECT r.* EXCLUDE (amount_frozen_usd, amount_settlement_usd, amount_judgment_usd),
       court.code || ':' || coalesce(r.raw_docket_number, substr(r.raw_case_id, strpos(r.raw_case_id, ':') + 1)) AS case_id,
       CASE WHEN regexp_full_match(intake_halfwidth(r.raw_defendant_no), '\d{1,9}(\.0+)?')
            THEN CAST(CAST(intake_halfwidth(r.raw_defendant_no) AS DOUBLE) AS INTEGER) END AS defendant_no,
       platform.code AS platform,
       coalesce(city.code, district.city_code) AS city_code,
       district.code AS district,
       district.city_code AS district_city,
       sector.code AS sector_code,
       outcome.code AS outcome,
       intake_amount(r.amount_frozen_usd) AS frozen_usd,
       intake_amount(r.amount_settlement_usd) AS settlement_usd,
       intake_amount(r.amount_judgment_usd) AS judgment_usd,
       intake_bool(r.raw_appeared) AS appeared
FROM r
-- codes are looked up once per distinct spelling, then joined back on the raw text
LEFT JOIN (SELECT raw, v.code FROM (SELECT DISTINCT coalesce(raw_court, nullif(split_part(raw_case_id, ':', 1), raw_case_id)) AS raw FROM r) d
           JOIN intake_vocab v ON v.domain = 'court' AND v.alias = intake_alias(d.raw)) court
       ON court.raw = coalesce(r.raw_court, nullif(split_part(r.raw_case_id, ':', 1), r.raw_case_id))
LEFT JOIN (SELECT raw, v.code FROM (SELECT DISTINCT raw_platform AS raw FROM r) d
           JOIN intake_vocab v ON v.domain = 'platform' AND v.alias = intake_alias(d.raw)) platform
       ON platform.raw = r.raw_platform
LEFT JOIN (SELECT raw, v.code FROM (SELECT DISTINCT raw_city_code AS raw FROM r) d
           JOIN intake_vocab v ON v.domain = 'city' AND v.alias = intake_alias(d.raw)) city
       ON city.raw = r.raw_city_code
LEFT JOIN (SELECT raw, v.code, v.city_code FROM (SELECT DISTINCT raw_district AS raw FROM r) d
           JOIN intake_vocab v ON v.domain = 'district' AND v.alias = intake_alias(d.raw)) district
       ON district.raw = r.raw_district
LEFT JOIN (SELECT raw, v.code FROM (SELECT DISTINCT raw_sector_code AS raw FROM r) d
           JOIN intake_vocab v ON v.domain = 'sector' AND v.alias = intake_alias(d.raw)) sector
       ON sector.raw = r.raw_sector_code
LEFT JOIN (SELECT raw, v.code FROM (SELECT DISTINCT raw_outcome AS raw FROM r) d
           JOIN intake_vocab v ON v.domain = 'outcome' AND v.alias = intake_alias(d.raw)) outcome
       ON outcome.raw = r.raw_outcome
WHERE coalesce(r.raw_case_id, r.raw_court, r.raw_docket_number, r.raw_defendant_no, r.store_name, r.raw_platform,
               r.seller_id, r.member_id, r.raw_city_code, r.raw_district, r.raw_sector_code, r.raw_outcome,
               r.raw_frozen_usd, r.raw_settlement_usd, r.raw_judgment_usd, r.raw_appeared) IS NOT NULL
