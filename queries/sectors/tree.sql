-- Sector -> subsector tree under the global filters: one row per (sector_top, sector_code) with
-- activity. Columns: sector_top, top_name_zh, top_name_en, sector_code, name_zh, name_en,
-- defendant_instances, members_affected, cases. Rows of unknown sector have '' codes and NULL
-- names; a row coded at the top level only has sector_code = sector_top.
-- access: analyst leadership
WITH counts AS (
    SELECT coalesce(sector_top, '') AS sector_top,
           coalesce(sector_code, '') AS sector_code,
           count(defendant_no) AS defendant_instances,
           key_count(member_key) AS members_affected,
           key_count(case_key) AS cases
    FROM filtered_facts($date_from, $date_to, $cities, $sectors, $platforms, $ips, $kinds, $courts, $brands, $firms, $members_only)
    GROUP BY ALL
)
SELECT c.sector_top,
       t.name_zh AS top_name_zh,
       t.name_en AS top_name_en,
       c.sector_code,
       s.name_zh,
       s.name_en,
       c.defendant_instances,
       c.members_affected,
       c.cases
FROM counts c
LEFT JOIN sectors t ON t.sector_code = c.sector_top
LEFT JOIN sectors s ON s.sector_code = c.sector_code
ORDER BY c.defendant_instances DESC, c.sector_top, c.sector_code
