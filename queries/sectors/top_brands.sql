-- The $limit brands with most defendant instances in each top-level sector under the global
-- filters. Columns: sector_top ('' when unknown), name_zh, name_en (the sector's), sector_rank
-- (1 = the sector with most defendant instances), rank (1 = the sector's top brand), brand,
-- plaintiff, cases, defendant_instances, members_affected. Ties by code / brand name. Ordered
-- by sector_rank, rank.
-- access: analyst leadership
WITH per_brand AS (
    SELECT coalesce(sector_top, '') AS sector_top,
           brand,
           any_value(plaintiff) AS plaintiff,
           count(DISTINCT case_key) AS cases,
           count(defendant_no) AS defendant_instances,
           count(DISTINCT member_id) AS members_affected
    FROM filtered_facts($date_from, $date_to, $cities, $sectors, $platforms, $ips, $kinds, $courts, $brands, $firms, $members_only)
    WHERE brand IS NOT NULL
    GROUP BY ALL
),
ranked AS (
    SELECT *,
           row_number() OVER (PARTITION BY sector_top ORDER BY defendant_instances DESC, brand) AS rank,
           sum(defendant_instances) OVER (PARTITION BY sector_top) AS sector_total
    FROM per_brand
),
sector_ranks AS (
    SELECT sector_top, row_number() OVER (ORDER BY any_value(sector_total) DESC, sector_top) AS sector_rank
    FROM ranked
    GROUP BY sector_top
)
SELECT r.sector_top, s.name_zh, s.name_en, k.sector_rank, r.rank, r.brand, r.plaintiff, r.cases,
       r.defendant_instances, r.members_affected
FROM ranked r
JOIN sector_ranks k USING (sector_top)
LEFT JOIN sectors s ON s.sector_code = r.sector_top
WHERE r.rank <= $limit
ORDER BY k.sector_rank, r.rank
