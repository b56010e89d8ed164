-- Members newly affected in $month: members whose first defendant row under the global non-date
-- filters since $date_from is in a case filed in $month (pass $date_from = the earliest date of
-- the data, $date_to = the last day of $month).
-- At most $limit rows, most defendant instances first: member_id, name_zh, name_en, city_code,
-- city_zh, city_en, sector_code, sector_zh, sector_en (the member's registered city and sector),
-- cases, defendant_instances (in $month), brands (the month's brands, comma-separated, sorted).
-- Names members: for the analyst brief only (the leadership brief counts them: new_member_cities).
-- access: analyst
WITH facts AS (
    SELECT member_id, month, case_id, defendant_no, brand
    FROM filtered_facts($date_from, $date_to, $cities, $sectors, $platforms, $ips, $kinds, $courts, $brands, $firms, $members_only)
    WHERE member_id IS NOT NULL
),
newly AS (
    SELECT member_id
    FROM facts
    GROUP BY member_id
    HAVING min(month) = $month
)
SELECT f.member_id,
       m.name_zh,
       m.name_en,
       m.city_code,
       c.name_zh AS city_zh,
       c.name_en AS city_en,
       m.sector_code,
       s.name_zh AS sector_zh,
       s.name_en AS sector_en,
       count(DISTINCT f.case_id) AS cases,
       count(f.defendant_no) AS defendant_instances,
       string_agg(DISTINCT f.brand, ', ' ORDER BY f.brand) AS brands
FROM facts f
JOIN newly USING (member_id)
LEFT JOIN members m ON m.member_id = f.member_id
LEFT JOIN cities c ON c.city_code = m.city_code
LEFT JOIN sectors s ON s.sector_code = m.sector_code
WHERE f.month = $month
GROUP BY ALL
ORDER BY defendant_instances DESC, cases DESC, f.member_id
LIMIT $limit
