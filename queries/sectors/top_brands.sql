-- The $limit brands with most defendant instances in each top-level sector under the global
-- filters. Columns: sector_top ('' when unknown), name_zh, name_en (the sector's), rank (1 =
-- most), brand, plaintiff, cases, defendant_instances, members_affected. Ties by brand name.
-- access: analyst leadership
WITH per_brand AS (
    SELECT coalesce(sector_top, '') AS sector_top,
           brand,
           any_value(plaintiff) AS plaintiff,
           count(DISTINCT case_id) AS cases,
           count(defendant_no) AS defendant_instances,
           count(DISTINCT member_id) AS members_affected
    FROM filtered_facts($date_from, $date_to, $cities, $sectors, $platforms, $ips, $kinds, $courts, $brands, $firms, $members_only)
    WHERE brand IS NOT NULL
    GROUP BY ALL
),
ranked AS (
    SELECT *, row_number() OVER (PARTITION BY sector_top ORDER BY defendant_instances DESC, brand) AS rank
    FROM per_brand
)
SELECT r.sector_top, s.name_zh, s.name_en, r.rank, r.brand, r.plaintiff, r.cases, r.defendant_instances,
       r.members_affected
FROM ranked r
LEFT JOIN sectors s ON s.sector_code = r.sector_top
WHERE r.rank <= $limit
ORDER BY r.sector_top, r.rank
