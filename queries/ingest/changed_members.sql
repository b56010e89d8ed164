-- access: analyst
-- Builds temp table intake_members_changed: one row per member of the accepted rows of
-- intake_members (first non-empty value of each field), merged with the stored member (columns
-- not in $present keep their stored value), minus members already stored exactly so. Same columns
-- and order as members. Returns nothing.
CREATE OR REPLACE TEMP TABLE intake_members_changed AS
WITH accepted AS (
    SELECT * FROM intake_members WHERE row_no NOT IN (SELECT row_no FROM intake_errors)
), one AS (
    SELECT member_id,
           first(name_zh ORDER BY row_no) FILTER (WHERE name_zh IS NOT NULL) AS name_zh,
           first(name_en ORDER BY row_no) FILTER (WHERE name_en IS NOT NULL) AS name_en,
           first(city_code ORDER BY row_no) FILTER (WHERE city_code IS NOT NULL) AS city_code,
           first(district ORDER BY row_no) FILTER (WHERE district IS NOT NULL) AS district,
           first(sector_code ORDER BY row_no) FILTER (WHERE sector_code IS NOT NULL) AS sector_code,
           first(size_band ORDER BY row_no) FILTER (WHERE size_band IS NOT NULL) AS size_band,
           first(joined_on ORDER BY row_no) FILTER (WHERE joined_on IS NOT NULL) AS joined_on,
           first(email ORDER BY row_no) FILTER (WHERE email IS NOT NULL) AS email,
           first(address ORDER BY row_no) FILTER (WHERE address IS NOT NULL) AS address
    FROM accepted GROUP BY member_id
)
SELECT o.member_id,
       CASE WHEN list_contains($present, 'name_zh') THEN o.name_zh ELSE m.name_zh END AS name_zh,
       CASE WHEN list_contains($present, 'name_en') THEN o.name_en ELSE m.name_en END AS name_en,
       CASE WHEN list_contains($present, 'city_code') OR list_contains($present, 'district')
                 OR list_contains($present, 'address') THEN o.city_code ELSE m.city_code END AS city_code,
       CASE WHEN list_contains($present, 'district') OR list_contains($present, 'address')
            THEN o.district ELSE m.district END AS district,
       CASE WHEN list_contains($present, 'sector_code') THEN o.sector_code ELSE m.sector_code END AS sector_code,
       CASE WHEN list_contains($present, 'size_band') THEN o.size_band ELSE m.size_band END AS size_band,
       CASE WHEN list_contains($present, 'joined_on') THEN o.joined_on ELSE m.joined_on END AS joined_on,
       CASE WHEN list_contains($present, 'email') THEN o.email ELSE m.email END AS email,
       CASE WHEN list_contains($present, 'address') THEN o.address ELSE m.address END AS address
FROM one o
LEFT JOIN members m ON m.member_id = o.member_id
EXCEPT
SELECT member_id, name_zh, name_en, city_code, district, sector_code, size_band, joined_on, email, address FROM members
