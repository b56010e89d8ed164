-- Every member's city and top-level sector. Columns: member_id, city_code, sector_code.
-- access: analyst
SELECT m.member_id, m.city_code, coalesce(s.parent_code, m.sector_code) AS sector_code
FROM members m
LEFT JOIN sectors s ON s.sector_code = m.sector_code
ORDER BY m.member_id
