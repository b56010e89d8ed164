-- Cities ranked by defendant instances under the global filters, at most $limit rows:
-- city_code, name_zh, name_en, in_guangdong, defendant_instances, members_affected, cases.
-- Defendants outside Guangdong or of unknown location keep their own rows (never dropped).
-- For a member, rows made up by fewer than 3 members are left out (small-cell suppression).
-- access: analyst leadership member
SELECT f.city_code,
       c.name_zh,
       c.name_en,
       coalesce(c.in_guangdong, false) AS in_guangdong,
       count(f.defendant_no) AS defendant_instances,
       count(DISTINCT f.member_id) AS members_affected,
       count(DISTINCT f.case_id) AS cases
FROM filtered_facts($date_from, $date_to, $cities, $sectors, $platforms, $ips, $kinds, $courts, $brands, $firms, $members_only) f
LEFT JOIN cities c ON c.city_code = f.city_code
WHERE f.defendant_no IS NOT NULL
GROUP BY ALL
HAVING $viewer_member = '' OR count(DISTINCT f.member_id) >= 3
ORDER BY defendant_instances DESC, f.city_code
LIMIT $limit
