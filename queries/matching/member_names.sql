-- access: analyst
-- Every name a member is known by (member_id, name, company): Chinese and English names (company
-- true), store names and aliases from member_stores.
SELECT member_id, name, bool_or(company) AS company FROM (
    SELECT member_id, name_zh AS name, TRUE AS company FROM members
    UNION ALL SELECT member_id, name_en, TRUE FROM members
    UNION ALL SELECT member_id, store_name, FALSE FROM member_stores
) WHERE name IS NOT NULL AND trim(name) <> ''
GROUP BY member_id, name
