-- Served from the monthly cells (fact_cells, queries/facts/rebuild.sql) in place of
-- queries/sectors/tree.sql, with its answer, for staff while the filters are whole months and at
-- most IP types (casewatch.access.cells_serve, picked by bind).
-- access: analyst leadership
WITH counts AS (
    SELECT coalesce(sector_top, '') AS sector_top,
           coalesce(sector_code, '') AS sector_code,
           sum(defendant_instances)::BIGINT AS defendant_instances,
           coalesce(bit_count(bit_or(member_keys)), 0) AS members_affected,
           sum(cases)::BIGINT AS cases
    FROM filtered_cells(3, $date_from, $date_to, $ips)
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
