-- Served from the monthly cells (fact_cells, queries/facts/rebuild.sql) in place of
-- queries/overview/top_brands.sql, with its answer, for staff while the filters are whole months and at
-- most IP types (casewatch.access.cells_serve, picked by bind).
-- Ranked on the brand cells' counts first; only the kept brands' member bitmaps are then OR-ed.
-- access: analyst leadership
WITH brand_cells AS NOT MATERIALIZED (
    SELECT brand, plaintiff, defendant_instances, cases, member_keys
    FROM filtered_cells(14, $date_from, $date_to, $ips)
    WHERE brand IS NOT NULL
),
ranked AS (
    SELECT brand,
           min(plaintiff) AS plaintiff,
           sum(defendant_instances)::BIGINT AS defendant_instances,
           sum(cases)::BIGINT AS cases
    FROM brand_cells
    GROUP BY brand
    ORDER BY defendant_instances DESC, brand
    LIMIT $limit
)
SELECT r.brand, r.plaintiff, r.cases, r.defendant_instances,
       coalesce(bit_count(bit_or(b.member_keys)), 0) AS members_affected
FROM ranked r
JOIN brand_cells b USING (brand)
GROUP BY r.brand, r.plaintiff, r.cases, r.defendant_instances
ORDER BY r.defendant_instances DESC, r.brand
