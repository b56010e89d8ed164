-- Monthly activity of the $limit top-level sectors with most defendant instances under the
-- global filters: one row per (month from $date_from to $date_to, sector), months without
-- activity included with zeros. Columns: month, sector_top ('' when unknown), name_zh, name_en,
-- rank (1 = most over the period), defendant_instances, cases, members_affected.
-- access: analyst leadership
WITH facts AS NOT MATERIALIZED (
    SELECT month, coalesce(sector_top, '') AS sector_top, defendant_no, case_key, member_key
    FROM filtered_facts($date_from, $date_to, $cities, $sectors, $platforms, $ips, $kinds, $courts, $brands, $firms, $members_only)
),
ranked AS (
    SELECT sector_top, row_number() OVER (ORDER BY count(defendant_no) DESC, sector_top) AS rank
    FROM facts
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
           count(defendant_no) AS defendant_instances,
           key_count(case_key) AS cases,
           key_count(member_key) AS members_affected
    FROM facts
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
