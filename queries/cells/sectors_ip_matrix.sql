-- Served from the monthly cells (fact_cells, queries/facts/rebuild.sql) in place of
-- queries/sectors/ip_matrix.sql, with its answer, for staff while the filters are whole months and at
-- most IP types (casewatch.access.cells_serve, picked by bind).
-- access: analyst leadership
WITH counts AS (
    SELECT coalesce(sector_top, '') AS sector_top,
           coalesce(ip_type, '') AS ip_type,
           sum(defendant_instances)::BIGINT AS defendant_instances,
           sum(cases)::BIGINT AS cases
    FROM filtered_cells(7, $date_from, $date_to, $ips)
    GROUP BY ALL
)
SELECT m.sector_top, s.name_zh, s.name_en, m.ip_type, c.name_zh AS ip_name_zh, c.name_en AS ip_name_en,
       m.defendant_instances, m.cases
FROM counts m
LEFT JOIN sectors s ON s.sector_code = m.sector_top
LEFT JOIN codes c ON c.domain = 'ip_type' AND c.code = m.ip_type
ORDER BY m.sector_top, m.ip_type
