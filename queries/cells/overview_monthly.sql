-- Served from the monthly cells (fact_cells, queries/facts/rebuild.sql) in place of
-- queries/overview/monthly.sql, with its answer, for staff while the filters are whole months and at
-- most IP types (casewatch.access.cells_serve, picked by bind).
-- access: analyst leadership
WITH months AS (
    SELECT unnest(generate_series(date_trunc('month', $date_from::DATE),
                                  date_trunc('month', $date_to::DATE),
                                  INTERVAL 1 MONTH))::DATE AS month
),
counts AS (
    SELECT month,
           sum(cases)::BIGINT AS cases,
           sum(defendant_instances)::BIGINT AS defendant_instances,
           coalesce(bit_count(bit_or(member_keys)), 0) AS members_affected
    FROM filtered_cells(15, $date_from, $date_to, $ips)
    GROUP BY month
)
SELECT m.month,
       coalesce(c.cases, 0) AS cases,
       coalesce(c.defendant_instances, 0) AS defendant_instances,
       coalesce(c.members_affected, 0) AS members_affected
FROM months m
LEFT JOIN counts c USING (month)
ORDER BY month
