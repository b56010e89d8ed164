-- Brands (with their plaintiff) ranked by defendant instances under the global filters, at most
-- $limit rows: brand, plaintiff, cases, defendant_instances, members_affected.
-- For a member, rows made up by fewer than 3 members are left out (small-cell suppression).
-- access: analyst leadership member
SELECT brand,
       any_value(plaintiff) AS plaintiff,
       count(DISTINCT case_key) AS cases,
       count(defendant_no) AS defendant_instances,
       count(DISTINCT member_id) AS members_affected
FROM filtered_facts($date_from, $date_to, $cities, $sectors, $platforms, $ips, $kinds, $courts, $brands, $firms, $members_only)
WHERE brand IS NOT NULL
GROUP BY brand
HAVING $viewer_member = '' OR count(DISTINCT member_id) >= 3
ORDER BY defendant_instances DESC, brand
LIMIT $limit
