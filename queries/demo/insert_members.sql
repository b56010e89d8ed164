-- Demo generator: inserts the generated members from the registered frame demo_member_src
-- (joined_day = days since 1970-01-01); returns nothing. Record keys come from $seed (not random),
-- so that one seed always builds the same database.
INSERT INTO members (member_id, name_zh, name_en, city_code, district, sector_code, size_band,
                     joined_on, email, record_key)
SELECT member_id, name_zh, name_en, city_code, district, sector_code, size_band,
       DATE '1970-01-01' + joined_day, email, (hash($seed, member_id) % 2147483648)::INTEGER
FROM demo_member_src
ORDER BY member_id
