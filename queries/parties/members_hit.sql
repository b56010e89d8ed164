-- Members among the defendants under the global filters (a dossier sets the brand or law-firm
-- filter), most defendant instances first, at most $limit rows. Columns: member_id, name_zh,
-- name_en, city_code, city_zh, city_en, sector_code, cases, defendant_instances,
-- first_filed_on, last_filed_on, defaults, settled, dismissed, pending (defendant outcomes;
-- pending covers pending, TRO and PI stages).
-- access: analyst leadership
SELECT f.member_id,
       m.name_zh,
       m.name_en,
       m.city_code,
       c.name_zh AS city_zh,
       c.name_en AS city_en,
       m.sector_code,
       count(DISTINCT f.case_id) AS cases,
       count(*) AS defendant_instances,
       min(f.filed_on) AS first_filed_on,
       max(f.filed_on) AS last_filed_on,
       count(*) FILTER (WHERE f.outcome = 'default_judgment') AS defaults,
       count(*) FILTER (WHERE f.outcome = 'settled') AS settled,
       count(*) FILTER (WHERE f.outcome IN ('dismissed', 'won')) AS dismissed,
       count(*) FILTER (WHERE f.outcome IS NULL OR f.outcome IN ('pending', 'tro', 'pi')) AS pending
FROM filtered_facts($date_from, $date_to, $cities, $sectors, $platforms, $ips, $kinds, $courts, $brands, $firms, $members_only) f
JOIN members m ON m.member_id = f.member_id
LEFT JOIN cities c ON c.city_code = m.city_code
GROUP BY ALL
ORDER BY defendant_instances DESC, f.member_id
LIMIT $limit
