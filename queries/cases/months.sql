-- Rows of the case table per filing month under the global filters, oldest first: month, rows.
-- Used to cut exports sorted by filing date into slices of whole months; as in cases/table, a
-- member's city, sector and members-only filters count only the viewer's own rows.
-- access: analyst member
SELECT month, count(*) AS rows
FROM filtered_facts($date_from, $date_to, $cities, $sectors, $platforms, $ips, $kinds, $courts, $brands, $firms, $members_only)
WHERE $viewer_member = '' OR member_id = $viewer_member
   OR (len($cities) = 0 AND len($sectors) = 0 AND NOT $members_only)
GROUP BY month
ORDER BY month
