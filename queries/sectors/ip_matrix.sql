-- Top-level sector x IP type under the global filters: one row per pair with activity.
-- Columns: sector_top ('' when unknown), name_zh, name_en (the sector's), ip_type ('' when
-- unknown), ip_name_zh, ip_name_en, defendant_instances, cases.
-- access: analyst leadership
WITH counts AS (
    SELECT coalesce(sector_top, '') AS sector_top,
           coalesce(ip_type, '') AS ip_type,
           count(defendant_no) AS defendant_instances,
           key_count(case_key) AS cases
    FROM filtered_facts($date_from, $date_to, $cities, $sectors, $platforms, $ips, $kinds, $courts, $brands, $firms, $members_only)
    GROUP BY ALL
)
SELECT m.sector_top, s.name_zh, s.name_en, m.ip_type, c.name_zh AS ip_name_zh, c.name_en AS ip_name_en,
       m.defendant_instances, m.cases
FROM counts m
LEFT JOIN sectors s ON s.sector_code = m.sector_top
LEFT JOIN codes c ON c.domain = 'ip_type' AND c.code = m.ip_type
ORDER BY m.sector_top, m.ip_type
