-- Served from the monthly cells (fact_cells, queries/facts/rebuild.sql) in place of
-- queries/overview/top_sectors.sql, with its answer, for staff while the filters are whole months and at
-- most IP types (casewatch.access.cells_serve, picked by bind).
-- access: analyst leadership
WITH ranked AS (
    SELECT sector_top AS sector_code,
           sum(defendant_instances)::BIGINT AS defendant_instances,
           coalesce(bit_count(bit_or(member_keys)), 0) AS members_affected,
           sum(cases)::BIGINT AS cases
    FROM filtered_cells(7, $date_from, $date_to, $ips)
    GROUP BY sector_top
    ORDER BY defendant_instances DESC, sector_code
    LIMIT $limit
)
SELECT r.sector_code, s.name_zh, s.name_en, r.defendant_instances, r.members_affected, r.cases
FROM ranked r
LEFT JOIN sectors s ON s.sector_code = r.sector_code
ORDER BY r.defendant_instances DESC, r.sector_code
