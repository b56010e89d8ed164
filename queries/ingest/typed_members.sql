-- access: analyst
-- Builds temp table intake_members from intake_raw: per non-empty row (one member, optionally one
-- of its stores and its aliases) the raw text of checked columns (raw_*) and parsed values.
-- Returns nothing.
CREATE OR REPLACE TEMP TABLE intake_members AS
WITH t AS (
    SELECT rowid - (SELECT min(rowid) FROM intake_raw) + $first_row AS row_no,
           intake_text(member_id) AS member_id,
           intake_text(name_zh) AS name_zh,
           intake_text(name_en) AS name_en,
           intake_text(city_code) AS raw_city_code,
           intake_text(district) AS raw_district,
           intake_text(address) AS address,
           intake_text(sector_code) AS raw_sector_code,
           intake_text(size_band) AS raw_size_band,
           intake_text(joined_on) AS raw_joined_on,
           intake_text(email) AS email,
           intake_text(platform) AS raw_platform,
           intake_text(store_name) AS store_name,
           intake_text(seller_id) AS seller_id,
           intake_text(aliases) AS aliases
    FROM intake_raw
), r AS (
    -- intake_name in two steps, as in ingest/typed_cases
    SELECT * REPLACE (intake_unquote(name_zh) AS name_zh, intake_unquote(name_en) AS name_en, intake_unquote(address) AS address, intake_unquote(store_name) AS store_name, intake_unquote(seller_id) AS seller_id, intake_unquote(aliases) AS aliases)
    FROM t
)
SELECT r.*,
       coalesce(city.code, district.city_code) AS city_code,
       district.code AS district,
       district.city_code AS district_city,
       sector.code AS sector_code,
       size.code AS size_band,
       intake_date(r.raw_joined_on) AS joined_on,
       platform.code AS platform
FROM r
LEFT JOIN intake_vocab city ON city.domain = 'city' AND city.alias = intake_alias(r.raw_city_code)
LEFT JOIN intake_vocab district ON district.domain = 'district' AND district.alias = intake_alias(r.raw_district)
LEFT JOIN intake_vocab sector ON sector.domain = 'sector' AND sector.alias = intake_alias(r.raw_sector_code)
LEFT JOIN intake_vocab size ON size.domain = 'size_band' AND size.alias = intake_alias(r.raw_size_band)
LEFT JOIN intake_vocab platform ON platform.domain = 'platform' AND platform.alias = intake_alias(r.raw_platform)
WHERE coalesce(r.member_id, r.name_zh, r.name_en, r.raw_city_code, r.raw_district, r.address, r.raw_sector_code,
               r.raw_size_band, r.raw_joined_on, r.email, r.raw_platform, r.store_name, r.seller_id,
               r.aliases) IS NOT NULL
