-- access: analyst
-- Builds temp table match_seller(platform, seller_id, store_name, member_id, subject): the store
-- identities of match_identities whose seller id a member lists (on the same platform, or either
-- platform unknown). Returns nothing.
CREATE OR REPLACE TEMP TABLE match_seller AS
SELECT DISTINCT i.platform, i.seller_id, i.store_name, s.member_id, i.subject
FROM match_identities i
JOIN member_stores s
  ON lower(trim(s.seller_id)) = lower(trim(i.seller_id))
 AND (s.platform IS NULL OR i.platform IS NULL OR s.platform = i.platform)
WHERE i.seller_id IS NOT NULL
