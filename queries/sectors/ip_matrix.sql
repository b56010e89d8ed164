-- Top-level sector x IP type under the global filters: one row per pair with activity.
-- Columns: sector_top ('' when unknown), name_zh, name_en (the sector's), ip_type ('' when
-- unknown), ip_name_zh, ip_name_en, defendant_instances, cases.
-- access: analyst leadership
SELECT coalesce(f.sector_top, '') AS sector_top,
       s.name_zh,
       s.name_en,
       coalesce(f.ip_type, '') AS ip_type,
       c.name_zh AS ip_name_zh,
       c.name_en AS ip_name_en,
       count(f.defendant_no) AS defendant_instances,
       count(DISTINCT f.case_id) AS cases
FROM filtered_facts($date_from, $date_to, $cities, $sectors, $platforms, $ips, $kinds, $courts, $brands, $firms, $members_only) f
LEFT JOIN sectors s ON s.sector_code = f.sector_top
LEFT JOIN codes c ON c.domain = 'ip_type' AND c.code = f.ip_type
GROUP BY ALL
ORDER BY sector_top, ip_type
