-- Monthly trend for the global filters: one row per calendar month from $date_from to $date_to
-- (months without cases included with zeros): month, cases, defendant_instances, members_affected.
-- For a member a month's counts are NULL when fewer than 3 members make it up (small-cell suppression).
-- access: analyst leadership member
WITH months AS (
    SELECT unnest(generate_series(date_trunc('month', $date_from::DATE),
                                  date_trunc('month', $date_to::DATE),
                                  INTERVAL 1 MONTH))::DATE AS month
),
counts AS (
    SELECT month,
           key_count(case_key) AS cases,
           count(defendant_no) AS defendant_instances,
           key_count(member_key) AS members_affected
    FROM filtered_facts($date_from, $date_to, $cities, $sectors, $platforms, $ips, $kinds, $courts, $brands, $firms, $members_only)
    GROUP BY month
)
SELECT month,
       CASE WHEN $viewer_member = '' OR members_affected >= 3 THEN COLUMNS(* EXCLUDE (month)) END
FROM (
    SELECT m.month,
           coalesce(c.cases, 0) AS cases,
           coalesce(c.defendant_instances, 0) AS defendant_instances,
           coalesce(c.members_affected, 0) AS members_affected
    FROM months m
    LEFT JOIN counts c USING (month)
)
ORDER BY month
