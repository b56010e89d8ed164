-- Cities ranked by defendant instances under the global filters, at most $limit rows:
-- city_code, name_zh, name_en, in_guangdong, defendant_instances, members_affected, cases.
-- Defendants outside Guangdong or of unknown location keep their own rows (never dropped).
-- For a member, rows made up by fewer than 3 members are left out (small-cell suppression), and
-- the counts of the others are perturbed by their cell keys, at most 2 each, and ranked as shown
-- (docs/privacy.md).
-- access: analyst leadership member
WITH cells AS (
    SELECT city_code,
           count(defendant_no) AS defendant_instances,
           key_count(member_key) AS members_affected,
           key_count(case_key) AS cases,
           keyed_sum($viewer_member, ck_defendants) AS ck_defendants,
           keyed_sum($viewer_member, ck_members) AS ck_members,
           keyed_sum($viewer_member, ck_cases) AS ck_cases
    FROM filtered_facts($date_from, $date_to, $cities, $sectors, $platforms, $ips, $kinds, $courts, $brands, $firms, $members_only)
    WHERE defendant_no IS NOT NULL
    GROUP BY city_code
    HAVING $viewer_member = '' OR key_count(member_key) >= 3
),
ranked AS (
    SELECT city_code,
           perturbed_count($viewer_member, defendant_instances, ck_defendants) AS defendant_instances,
           perturbed_count($viewer_member, members_affected, ck_members) AS members_affected,
           perturbed_count($viewer_member, cases, ck_cases) AS cases
    FROM cells
    ORDER BY defendant_instances DESC, city_code
    LIMIT $limit
)
SELECT r.city_code, c.name_zh, c.name_en, coalesce(c.in_guangdong, false) AS in_guangdong,
       r.defendant_instances, r.members_affected, r.cases
FROM ranked r
LEFT JOIN cities c ON c.city_code = r.city_code
ORDER BY r.defendant_instances DESC, r.city_code
