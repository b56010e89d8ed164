-- access: analyst
-- Replaces the stores of the members in intake_member_stores by their new set; returns nothing.
DELETE FROM member_stores WHERE member_id IN (SELECT member_id FROM intake_member_stores);
INSERT INTO member_stores (member_id, platform, store_name, seller_id)
SELECT member_id, platform, store_name, seller_id FROM intake_member_stores
WHERE store_name IS NOT NULL OR seller_id IS NOT NULL;
