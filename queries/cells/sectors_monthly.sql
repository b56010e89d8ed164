-- Served from the monthly cells (fact_cells, queries/facts/rebuild.sql) in place of
-- queries/sectors/monthly.sql, with its answer, for staff while the filters are whole months and at
-- most IP types (casewatch.access.cells_serve, picked by bind).
-- access: analyst leadership
WITH cells AS NOT MATERIALIZED (
    SELECT month, coalesce(sector_top, '') AS sector_top, defendant_instances, cases, member_keys
    FROM filtered_cells(7, $date_from, $date_to, $ips)
),
ranked AS (
    SELECT sector_top, row_number() OVER (ORDER BY sum(defendant_instances) DESC, sector_top) AS rank
    FROM cells
    GROUP BY sector_top
    QUALIFY rank <= $limit
),
months AS (
    SELECT unnest(generate_series(date_trunc('month', $date_from::DATE),
                                  date_trunc('month', $date_to::DATE),
                                  INTERVAL 1 MONTH))::DATE AS month
),
counts AS (
    SELECT month, sector_top,
           sum(defendant_instances)::BIGINT AS defendant_instances,
           sum(cases)::BIGINT AS cases,
           coalesce(bit_count(bit_or(member_keys)), 0) AS members_affected
    FROM cells
    WHERE sector_top IN (SELECT sector_top FROM ranked)
    GROUP BY ALL
)
SELECT m.month, r.sector_top, s.name_zh, s.name_en, r.rank,
       coalesce(c.defendant_instances, 0) AS defendant_instances,
       coalesce(c.cases, 0) AS cases,
       coalesce(c.members_affected, 0) AS members_affected
FROM months m
CROSS JOIN ranked r
LEFT JOIN counts c ON c.month = m.month AND c.sector_top = r.sector_top
LEFT JOIN sectors s ON s.sector_code = r.sector_top
ORDER BY r.rank, m.month
