-- Demo generator: inserts the members' stores from the temp table demo_store; returns nothing.
INSERT INTO member_stores (member_id, platform, store_name, seller_id)
SELECT member_id, platform, store_name, seller_id
FROM demo_store
WHERE member_id IS NOT NULL
ORDER BY store_idx
