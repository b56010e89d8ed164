-- Served from the monthly cells (fact_cells, queries/facts/rebuild.sql) in place of
-- queries/overview/top_cities.sql, with its answer, for staff while the filters are whole months and at
-- most IP types (casewatch.access.cells_serve, picked by bind).
-- access: analyst leadership
WITH ranked AS (
    SELECT city_code,
           sum(defendant_instances)::BIGINT AS defendant_instances,
           coalesce(bit_count(bit_or(member_keys)), 0) AS members_affected,
           sum(cases)::BIGINT AS cases
    FROM filtered_cells(13, $date_from, $date_to, $ips)
    WHERE city_code IS NOT NULL  -- listed defendants: a case's row without one has no city
    GROUP BY city_code
    ORDER BY defendant_instances DESC, city_code
    LIMIT $limit
)
SELECT r.city_code, c.name_zh, c.name_en, coalesce(c.in_guangdong, false) AS in_guangdong,
       r.defendant_instances, r.members_affected, r.cases
FROM ranked r
LEFT JOIN cities c ON c.city_code = r.city_code
ORDER BY r.defendant_instances DESC, r.city_code
