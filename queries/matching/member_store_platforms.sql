-- access: analyst
-- The platforms of each member's registered stores (member_id, store_name, platform; NULL when
-- the register does not say).
SELECT DISTINCT member_id, store_name, platform
FROM member_stores
WHERE store_name IS NOT NULL AND trim(store_name) <> ''
