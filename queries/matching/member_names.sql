-- access: analyst
-- Every name a member is known by (member_id, name): Chinese and English names, store names and
-- aliases from member_stores.
SELECT DISTINCT member_id, name FROM (
    SELECT member_id, name_zh AS name FROM members
    UNION ALL SELECT member_id, name_en FROM members
    UNION ALL SELECT member_id, store_name FROM member_stores
) WHERE name IS NOT NULL AND trim(name) <> ''
