-- Monthly defendant instances split by one dimension under the global filters. $dimension is
-- one of court, platform, ip_type, case_kind (the page maps the user's choice through an
-- allow-list; anything else raises). The $limit values with most defendant instances keep their
-- own series, the rest are summed under code '_other'. One row per (month from $date_from to
-- $date_to, value), zeros included. Columns: month, code ('' when unknown), name_zh, name_en,
-- rank (1 = most; $limit + 1 for '_other'), defendant_instances, cases.
-- Cases are counted by their first rows (case_first) when the dimension is a case column and no
-- filter picks rows within cases (one scan then); else distinctly.
-- access: analyst leadership
WITH facts AS NOT MATERIALIZED (
    SELECT month,
           coalesce(CASE $dimension
                        WHEN 'court' THEN court
                        WHEN 'platform' THEN platform
                        WHEN 'ip_type' THEN ip_type
                        WHEN 'case_kind' THEN case_kind
                        ELSE error('unknown dimension: ' || $dimension)
                    END, '') AS code,
           defendant_no,
           case_key,
           case_first
    FROM filtered_facts($date_from, $date_to, $cities, $sectors, $platforms, $ips, $kinds, $courts, $brands, $firms, $members_only)
    WHERE defendant_no IS NOT NULL
),
-- per month and value, one scan: ranks from its sums; also the counts themselves while cases can
-- be counted by first rows (a case column, no filter within cases: a case has one value, so the
-- pooled '_other' sums them)
per_code AS (
    SELECT month, code, count(*) AS defendant_instances, count_if(case_first) AS first_rows
    FROM facts
    GROUP BY ALL
),
ranked AS (
    SELECT code, row_number() OVER (ORDER BY sum(defendant_instances) DESC, code) AS rank
    FROM per_code
    GROUP BY code
),
kept AS (
    SELECT CASE WHEN rank <= $limit THEN code ELSE '_other' END AS code, min(rank) AS rank
    FROM ranked
    GROUP BY ALL
),
counts AS (
    SELECT f.month,
           CASE WHEN r.rank <= $limit THEN f.code ELSE '_other' END AS code,
           count(*) AS defendant_instances,
           count(DISTINCT f.case_key) AS cases
    FROM facts f
    JOIN ranked r USING (code)
    WHERE rows_filtered($cities, $sectors, $platforms, $members_only) OR $dimension = 'platform'
    GROUP BY ALL
    UNION ALL
    SELECT p.month,
           CASE WHEN r.rank <= $limit THEN p.code ELSE '_other' END AS code,
           sum(p.defendant_instances)::BIGINT AS defendant_instances,
           sum(p.first_rows)::BIGINT AS cases
    FROM per_code p
    JOIN ranked r USING (code)
    WHERE NOT (rows_filtered($cities, $sectors, $platforms, $members_only) OR $dimension = 'platform')
    GROUP BY ALL
),
months AS (
    SELECT unnest(generate_series(date_trunc('month', $date_from::DATE),
                                  date_trunc('month', $date_to::DATE),
                                  INTERVAL 1 MONTH))::DATE AS month
),
names AS (
    SELECT 'court' AS dimension, court AS code, name_zh, name_en FROM courts
    UNION ALL
    SELECT 'platform', platform, name_zh, name_en FROM platforms
    UNION ALL
    SELECT domain, code, name_zh, name_en FROM codes WHERE domain IN ('ip_type', 'case_kind')
)
SELECT m.month, k.code, n.name_zh, n.name_en, k.rank,
       coalesce(c.defendant_instances, 0) AS defendant_instances,
       coalesce(c.cases, 0) AS cases
FROM months m
CROSS JOIN kept k
LEFT JOIN counts c ON c.month = m.month AND c.code = k.code
LEFT JOIN names n ON n.dimension = $dimension AND n.code = k.code
ORDER BY k.rank, m.month
