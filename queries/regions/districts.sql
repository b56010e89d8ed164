-- Districts of one city ($city, an adcode) under the global filters: one row per district of
-- the reference list (zeros included) and per other district code found, plus one row with an
-- empty district code for defendants of unknown district. Columns: district, name_zh, name_en
-- (NULL when unknown), defendant_instances, members_affected, cases, members (registered
-- members there), members_affected_per_100 (NULL without members).
-- access: analyst leadership
WITH facts AS NOT MATERIALIZED (
    SELECT coalesce(district, '') AS district, defendant_no, member_key, case_key
    FROM filtered_facts($date_from, $date_to, $cities, $sectors, $platforms, $ips, $kinds, $courts, $brands, $firms, $members_only)
    WHERE defendant_no IS NOT NULL AND city_code = $city
),
by_district AS (
    SELECT district,
           count(*) AS defendant_instances,
           key_count(member_key) AS members_affected,
           key_count(case_key) AS cases
    FROM facts
    GROUP BY district
),
registered AS (
    SELECT coalesce(district, '') AS district, count(*) AS members
    FROM members
    WHERE city_code = $city
    GROUP BY ALL
),
places AS (
    SELECT district FROM districts WHERE city_code = $city
    UNION
    SELECT district FROM by_district
)
SELECT p.district,
       d.name_zh,
       d.name_en,
       coalesce(b.defendant_instances, 0) AS defendant_instances,
       coalesce(b.members_affected, 0) AS members_affected,
       coalesce(b.cases, 0) AS cases,
       coalesce(r.members, 0) AS members,
       100.0 * coalesce(b.members_affected, 0) / nullif(r.members, 0) AS members_affected_per_100
FROM places p
LEFT JOIN districts d ON d.district = p.district
LEFT JOIN by_district b ON b.district = p.district
LEFT JOIN registered r ON r.district = p.district
ORDER BY defendant_instances DESC, p.district = '', p.district
