-- The monthly brief's numbers per calendar month from $date_from to $date_to (every month, zeros
-- included) under the global filters: month, cases (distinct cases filed), defendant_instances
-- (defendant rows), members_affected (distinct members among the defendants), members_new
-- (members whose first defendant row under the same non-date filters since $history_from falls
-- in that month), frozen_usd (sum rounded to cents, 0 when none).
-- access: analyst leadership
WITH months AS (
    SELECT unnest(generate_series(date_trunc('month', $date_from::DATE),
                                  date_trunc('month', $date_to::DATE),
                                  INTERVAL 1 MONTH))::DATE AS month
),
counts AS (
    SELECT month,
           count(DISTINCT case_id) AS cases,
           count(defendant_no) AS defendant_instances,
           count(DISTINCT member_id) AS members_affected,
           round(coalesce(sum(frozen_usd), 0), 2) AS frozen_usd
    FROM filtered_facts($date_from, $date_to, $cities, $sectors, $platforms, $ips, $kinds, $courts, $brands, $firms, $members_only)
    GROUP BY month
),
first_seen AS (
    SELECT member_id, min(month) AS month
    FROM filtered_facts($history_from, $date_to, $cities, $sectors, $platforms, $ips, $kinds, $courts, $brands, $firms, $members_only)
    WHERE member_id IS NOT NULL
    GROUP BY member_id
),
newly AS (
    SELECT month, count(*) AS members_new
    FROM first_seen
    GROUP BY month
)
SELECT m.month,
       coalesce(c.cases, 0) AS cases,
       coalesce(c.defendant_instances, 0) AS defendant_instances,
       coalesce(c.members_affected, 0) AS members_affected,
       coalesce(n.members_new, 0) AS members_new,
       coalesce(c.frozen_usd, 0) AS frozen_usd
FROM months m
LEFT JOIN counts c USING (month)
LEFT JOIN newly n USING (month)
ORDER BY m.month
