-- Top-level sectors ranked by defendant instances under the global filters, at most $limit rows:
-- sector_code, name_zh, name_en, defendant_instances, members_affected, cases.
-- For a member, rows made up by fewer than 3 members are left out (small-cell suppression).
-- access: analyst leadership member
WITH ranked AS (
    SELECT sector_top AS sector_code,
           count(defendant_no) AS defendant_instances,
           key_count(member_key) AS members_affected,
           key_count(case_key) AS cases
    FROM filtered_facts($date_from, $date_to, $cities, $sectors, $platforms, $ips, $kinds, $courts, $brands, $firms, $members_only)
    GROUP BY sector_top
    HAVING $viewer_member = '' OR key_count(member_key) >= 3
    ORDER BY defendant_instances DESC, sector_code
    LIMIT $limit
)
SELECT r.sector_code, s.name_zh, s.name_en, r.defendant_instances, r.members_affected, r.cases
FROM ranked r
LEFT JOIN sectors s ON s.sector_code = r.sector_code
ORDER BY r.defendant_instances DESC, r.sector_code
