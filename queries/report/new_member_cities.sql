-- Members newly affected in $month, counted by the city of their register entry (pass $date_from
-- = the earliest date of the data, $date_to = the last day of $month): city_code, city_zh,
-- city_en (NULL for members without a city), members. Most members first. Counts only: this is
-- what the leadership brief shows of them (no member ids or names).
-- access: analyst leadership
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
SELECT m.city_code, c.name_zh AS city_zh, c.name_en AS city_en, count(*) AS members
FROM newly n
LEFT JOIN members m ON m.member_id = n.member_id
LEFT JOIN cities c ON c.city_code = m.city_code
GROUP BY ALL
ORDER BY members DESC, m.city_code NULLS LAST
