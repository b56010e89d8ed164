-- access: analyst
-- Builds temp table intake_errors(row_no, column_name, value, reason, detail) for intake_members:
-- a member id, a name, known city / district (in that city) / sector / size band / platform, a
-- plausible joined_on date, an e-mail address, member fields that agree across
-- the member's rows, no store twice. Returns nothing.
CREATE OR REPLACE TEMP TABLE intake_errors AS
WITH member_fields AS (
    UNPIVOT (SELECT row_no, member_id, name_zh, name_en, city_code, district, sector_code, size_band,
                    CAST(joined_on AS VARCHAR) AS joined_on, email
             FROM intake_members WHERE member_id IS NOT NULL)
    ON COLUMNS(* EXCLUDE (row_no, member_id)) INTO NAME column_name VALUE value
), conflicts AS (
    SELECT row_no, column_name, value,
           first_value(value) OVER (PARTITION BY member_id, column_name ORDER BY row_no) AS first_value,
           first_value(row_no) OVER (PARTITION BY member_id, column_name ORDER BY row_no) AS first_row
    FROM member_fields
)
SELECT row_no, 'member_id' AS column_name, NULL AS value, 'required' AS reason, NULL AS detail
FROM intake_members WHERE member_id IS NULL
UNION ALL
SELECT m.row_no, 'name_zh', NULL, 'required', NULL
FROM intake_members m
WHERE m.member_id IS NOT NULL
  AND NOT EXISTS (SELECT 1 FROM intake_members o
                  WHERE o.member_id = m.member_id AND (o.name_zh IS NOT NULL OR o.name_en IS NOT NULL))
  AND NOT EXISTS (SELECT 1 FROM members s WHERE s.member_id = m.member_id)
UNION ALL
SELECT row_no, 'city_code', raw_city_code, 'unknown_city', NULL
FROM intake_members WHERE raw_city_code IS NOT NULL AND city_code IS NULL
UNION ALL
SELECT row_no, 'district', raw_district,
       CASE WHEN district IS NULL THEN 'unknown_district' ELSE 'district_city' END, city_code
FROM intake_members
WHERE raw_district IS NOT NULL AND (district IS NULL OR district_city <> city_code)
UNION ALL
SELECT row_no, 'sector_code', raw_sector_code, 'unknown_sector', NULL
FROM intake_members WHERE raw_sector_code IS NOT NULL AND sector_code IS NULL
UNION ALL
SELECT row_no, 'size_band', raw_size_band, 'unknown_value', NULL
FROM intake_members WHERE raw_size_band IS NOT NULL AND size_band IS NULL
UNION ALL
SELECT row_no, 'platform', raw_platform, 'unknown_value', NULL
FROM intake_members WHERE raw_platform IS NOT NULL AND platform IS NULL
UNION ALL
SELECT row_no, 'joined_on', raw_joined_on, CASE WHEN joined_on IS NULL THEN 'bad_date' ELSE 'date_range' END,
       CASE WHEN joined_on IS NOT NULL THEN CAST($min_date AS VARCHAR) || ' – ' || CAST($max_date AS VARCHAR) END
FROM intake_members
WHERE raw_joined_on IS NOT NULL
  AND (joined_on IS NULL OR joined_on NOT BETWEEN CAST($min_date AS DATE) AND CAST($max_date AS DATE))
UNION ALL
SELECT row_no, 'email', email, 'bad_email', NULL
FROM intake_members WHERE email IS NOT NULL AND NOT regexp_full_match(email, '[^@\s]+@[^@\s]+\.[^@\s]+')
UNION ALL
SELECT row_no, column_name, value, 'conflicting_value', first_value || ' (' || first_row || ')'
FROM conflicts WHERE row_no > first_row AND value <> first_value
UNION ALL
SELECT row_no, CASE WHEN seller_id IS NOT NULL THEN 'seller_id' ELSE 'store_name' END,
       coalesce(seller_id, store_name), 'duplicate_key', CAST(first_row AS VARCHAR)
FROM (SELECT row_no, seller_id, store_name,
             min(row_no) OVER (PARTITION BY member_id, coalesce(platform, ''), lower(coalesce(seller_id, '')),
                                            lower(coalesce(store_name, ''))) AS first_row
      FROM intake_members WHERE store_name IS NOT NULL OR seller_id IS NOT NULL)
WHERE row_no > first_row
