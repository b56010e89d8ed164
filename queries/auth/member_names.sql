-- Members to pick from (ids that users and exports may name): member_id, name_zh, name_en, by id.
-- access: analyst
SELECT member_id, name_zh, name_en
FROM members
ORDER BY member_id
