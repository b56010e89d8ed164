-- Monthly trend for the global filters: one row per calendar month from $date_from to $date_to
-- (months without cases included with zeros): month, cases, defendant_instances, members_affected.
-- For a member a month's counts are NULL when fewer than 3 members make it up (small-cell
-- suppression), and otherwise perturbed by their cell keys, at most 2 each (docs/privacy.md).
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
           key_count(member_key) AS members_affected,
           keyed_sum($viewer_member, ck_cases) AS ck_cases,
           keyed_sum($viewer_member, ck_defendants) AS ck_defendants,
           keyed_sum($viewer_member, ck_members) AS ck_members
    FROM filtered_facts($date_from, $date_to, $cities, $sectors, $platforms, $ips, $kinds, $courts, $brands, $firms, $members_only)
    GROUP BY month
)
SELECT month,
       CASE WHEN $viewer_member = '' OR members_exact >= 3 THEN COLUMNS(* EXCLUDE (month, members_exact)) END
FROM (
    SELECT m.month,
           perturbed_count($viewer_member, coalesce(c.cases, 0), c.ck_cases) AS cases,
           perturbed_count($viewer_member, coalesce(c.defendant_instances, 0), c.ck_defendants) AS defendant_instances,
           perturbed_count($viewer_member, coalesce(c.members_affected, 0), c.ck_members) AS members_affected,
           coalesce(c.members_affected, 0) AS members_exact
    FROM months m
    LEFT JOIN counts c USING (month)
)
ORDER BY month
