-- Regional breakdown under the global filters: one row per Guangdong city (all 21, zeros
-- included) and per other location that has defendants (other provinces, '000000' unknown), so
-- that no seller is dropped. Columns: city_code, name_zh, name_en, lat, lon, in_guangdong,
-- defendant_instances, members_affected, cases, members (registered members located there),
-- members_affected_per_100 (100 * members_affected / members; NULL without members),
-- location_quotient ((members_affected / all members affected) / (members / all registered
-- members); NULL without members or when no member was hit).
-- A defendant's location is the one the filters use (defendant_facts.city_code).
-- access: analyst leadership
WITH facts AS NOT MATERIALIZED (
    SELECT city_code, defendant_no, member_key, case_key
    FROM filtered_facts($date_from, $date_to, $cities, $sectors, $platforms, $ips, $kinds, $courts, $brands, $firms, $members_only)
    WHERE defendant_no IS NOT NULL
),
by_city AS (
    SELECT city_code,
           count(*) AS defendant_instances,
           key_count(member_key) AS members_affected,
           key_count(case_key) AS cases
    FROM facts
    GROUP BY city_code
),
hit AS (
    SELECT key_count(member_key) AS members_affected FROM facts
),
registered AS (
    SELECT city_code, count(*) AS members
    FROM members
    WHERE city_code IS NOT NULL
    GROUP BY city_code
),
registered_total AS (
    SELECT sum(members) AS members FROM registered
),
places AS (
    SELECT city_code FROM cities WHERE in_guangdong
    UNION
    SELECT city_code FROM by_city
)
SELECT p.city_code,
       c.name_zh,
       c.name_en,
       c.lat,
       c.lon,
       coalesce(c.in_guangdong, false) AS in_guangdong,
       coalesce(b.defendant_instances, 0) AS defendant_instances,
       coalesce(b.members_affected, 0) AS members_affected,
       coalesce(b.cases, 0) AS cases,
       coalesce(r.members, 0) AS members,
       100.0 * coalesce(b.members_affected, 0) / nullif(r.members, 0) AS members_affected_per_100,
       (coalesce(b.members_affected, 0)::DOUBLE / nullif(hit.members_affected, 0))
         / (r.members::DOUBLE / nullif(registered_total.members, 0)) AS location_quotient
FROM places p
LEFT JOIN cities c ON c.city_code = p.city_code
LEFT JOIN by_city b ON b.city_code = p.city_code
LEFT JOIN registered r ON r.city_code = p.city_code
CROSS JOIN hit
CROSS JOIN registered_total
ORDER BY in_guangdong DESC, defendant_instances DESC, p.city_code
