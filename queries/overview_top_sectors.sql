-- Top-level sectors ranked by defendant instances under the global filters, at most $limit rows:
-- sector_code, name_zh, name_en, defendant_instances, members_affected, cases.
-- For a member, rows made up by fewer than 3 members are left out (small-cell suppression).
-- access: analyst leadership member
SELECT f.sector_top AS sector_code,
       s.name_zh,
       s.name_en,
       count(f.defendant_no) AS defendant_instances,
       count(DISTINCT f.member_id) AS members_affected,
       count(DISTINCT f.case_id) AS cases
FROM filtered_facts($date_from, $date_to, $cities, $sectors, $platforms, $ips, $kinds, $courts, $brands, $firms, $members_only) f
LEFT JOIN sectors s ON s.sector_code = f.sector_top
GROUP BY ALL
HAVING $viewer_member = '' OR count(DISTINCT f.member_id) >= 3
ORDER BY defendant_instances DESC, sector_code
LIMIT $limit
