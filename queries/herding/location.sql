-- Members registered and members ever sued per cell (a member's city, or its top-level sector),
-- for location quotients. Columns: cell, members, members_sued.
-- access: analyst leadership
WITH register AS (
    SELECT m.member_id,
           CASE $dimension WHEN 'city' THEN m.city_code ELSE coalesce(s.parent_code, m.sector_code) END AS cell
    FROM members m
    LEFT JOIN sectors s ON s.sector_code = m.sector_code
),
sued AS (
    SELECT DISTINCT member_id FROM defendant_facts WHERE member_id IS NOT NULL
)
SELECT r.cell,
       count(*)::INTEGER AS members,
       count(s.member_id)::INTEGER AS members_sued
FROM register r
LEFT JOIN sued s USING (member_id)
WHERE r.cell IS NOT NULL
GROUP BY r.cell
ORDER BY r.cell
