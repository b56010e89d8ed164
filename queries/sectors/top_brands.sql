-- The $limit brands with most defendant instances in each top-level sector under the global
-- filters. Columns: sector_top ('' when unknown), name_zh, name_en (the sector's), sector_rank
-- (1 = the sector with most defendant instances), rank (1 = the sector's top brand), brand,
-- plaintiff, cases, defendant_instances, members_affected. Ties by code / brand name. Ordered
-- by sector_rank, rank.
-- access: analyst leadership
WITH facts AS NOT MATERIALIZED (
    SELECT coalesce(sector_top, '') AS sector_top, brand, plaintiff, case_key, defendant_no, member_id
    FROM filtered_facts($date_from, $date_to, $cities, $sectors, $platforms, $ips, $kinds, $courts, $brands, $firms, $members_only)
    WHERE brand IS NOT NULL
),
-- rank on a plain count first; the costly distinct counts are then made for the kept brands only
counted AS (
    SELECT sector_top, brand, count(defendant_no) AS defendant_instances
    FROM facts
    GROUP BY ALL
),
ranked AS (
    SELECT sector_top, brand, defendant_instances,
           row_number() OVER (PARTITION BY sector_top ORDER BY defendant_instances DESC, brand) AS rank,
           sum(defendant_instances) OVER (PARTITION BY sector_top) AS sector_total
    FROM counted
    QUALIFY rank <= $limit
),
sector_ranks AS (
    SELECT sector_top, row_number() OVER (ORDER BY any_value(sector_total) DESC, sector_top) AS sector_rank
    FROM ranked
    GROUP BY sector_top
),
details AS (
    SELECT f.sector_top, f.brand,
           any_value(f.plaintiff) AS plaintiff,
           count(DISTINCT f.case_key) AS cases,
           count(DISTINCT f.member_id) AS members_affected
    FROM facts f
    SEMI JOIN ranked r ON r.sector_top = f.sector_top AND r.brand = f.brand
    GROUP BY ALL
)
SELECT r.sector_top, s.name_zh, s.name_en, k.sector_rank, r.rank, r.brand, d.plaintiff, d.cases,
       r.defendant_instances, d.members_affected
FROM ranked r
JOIN sector_ranks k USING (sector_top)
JOIN details d USING (sector_top, brand)
LEFT JOIN sectors s ON s.sector_code = r.sector_top
ORDER BY k.sector_rank, r.rank
