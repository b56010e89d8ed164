-- access: analyst
-- Every name a member is known by (member_id, name, company, city_code): Chinese and English names
-- (company true), store names and aliases from member_stores, each with the member's city from the
-- register (NULL when unknown, or only "other provinces").
SELECT n.member_id, n.name, bool_or(n.company) AS company,
       any_value(CASE WHEN m.city_code NOT IN ('000000', '990000') THEN m.city_code END) AS city_code
FROM (
    SELECT member_id, name_zh AS name, TRUE AS company FROM members
    UNION ALL SELECT member_id, name_en, TRUE FROM members
    UNION ALL SELECT member_id, store_name, FALSE FROM member_stores
) n
LEFT JOIN members m ON m.member_id = n.member_id
WHERE n.name IS NOT NULL AND trim(n.name) <> ''
GROUP BY n.member_id, n.name
