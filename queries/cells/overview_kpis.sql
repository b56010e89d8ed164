-- Served from the monthly cells (fact_cells, queries/facts/rebuild.sql) in place of
-- queries/overview/kpis.sql, with its answer, for staff while the filters are whole months and at
-- most IP types (casewatch.access.cells_serve, picked by bind).
-- access: analyst leadership
WITH cell AS (
    SELECT coalesce(sum(cases), 0)::BIGINT AS cases,
           coalesce(sum(defendant_instances), 0)::BIGINT AS defendant_instances,
           coalesce(bit_count(bit_or(member_keys)), 0) AS members_affected,
           coalesce(sum(frozen_usd), 0) AS frozen_usd,
           coalesce(sum(defaults), 0)::BIGINT AS defaults,
           coalesce(sum(decided), 0)::BIGINT AS decided
    FROM filtered_cells(15, $date_from, $date_to, $ips)
)
SELECT cases, defendant_instances, members_affected, frozen_usd,
       if(defaults / nullif(decided, 0) > 1, 1.0, defaults / nullif(decided, 0)) AS default_share
FROM cell
