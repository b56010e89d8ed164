-- Members among the defendants under the global filters (a dossier sets the brand or law-firm
-- filter), most defendant instances first, at most $limit rows. Columns: member_id, name_zh,
-- name_en, city_code, city_zh, city_en, sector_code, cases, defendant_instances,
-- first_filed_on, last_filed_on, defaults, settled, dismissed, pending (defendant outcomes;
-- dismissed includes won, pending covers pending, TRO and PI stages).
-- access: analyst
WITH hit AS (
    SELECT member_id,
           count(DISTINCT case_key) AS cases,
           count(*) AS defendant_instances,
           min(filed_on) AS first_filed_on,
           max(filed_on) AS last_filed_on,
           count(*) FILTER (WHERE outcome = 'default_judgment') AS defaults,
           count(*) FILTER (WHERE outcome = 'settled') AS settled,
           count(*) FILTER (WHERE outcome IN ('dismissed', 'won')) AS dismissed,
           count(*) FILTER (WHERE outcome IS NULL OR outcome IN ('pending', 'tro', 'pi')) AS pending
    FROM filtered_facts($date_from, $date_to, $cities, $sectors, $platforms, $ips, $kinds, $courts, $brands, $firms, $members_only)
    WHERE member_id IS NOT NULL
    GROUP BY member_id
    ORDER BY defendant_instances DESC, member_id
    LIMIT $limit
)
SELECT h.member_id, m.name_zh, m.name_en, m.city_code, c.name_zh AS city_zh, c.name_en AS city_en, m.sector_code,
       h.cases, h.defendant_instances, h.first_filed_on, h.last_filed_on, h.defaults, h.settled, h.dismissed,
       h.pending
FROM hit h
LEFT JOIN members m ON m.member_id = h.member_id
LEFT JOIN cities c ON c.city_code = m.city_code
ORDER BY h.defendant_instances DESC, h.member_id
