-- Sector -> subsector tree under the global filters: one row per (sector_top, sector_code) with
-- activity. Columns: sector_top, top_name_zh, top_name_en, sector_code, name_zh, name_en,
-- defendant_instances, members_affected, cases. Rows of unknown sector have '' codes and NULL
-- names; a row coded at the top level only has sector_code = sector_top.
-- access: analyst leadership
SELECT coalesce(f.sector_top, '') AS sector_top,
       t.name_zh AS top_name_zh,
       t.name_en AS top_name_en,
       coalesce(f.sector_code, '') AS sector_code,
       s.name_zh,
       s.name_en,
       count(f.defendant_no) AS defendant_instances,
       count(DISTINCT f.member_id) AS members_affected,
       count(DISTINCT f.case_id) AS cases
FROM filtered_facts($date_from, $date_to, $cities, $sectors, $platforms, $ips, $kinds, $courts, $brands, $firms, $members_only) f
LEFT JOIN sectors t ON t.sector_code = f.sector_top
LEFT JOIN sectors s ON s.sector_code = f.sector_code
GROUP BY ALL
ORDER BY defendant_instances DESC, sector_top, sector_code
