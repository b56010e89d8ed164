-- access: analyst
-- Builds temp table match_seller(platform, seller_id, store_name, member_id, subject): the store
-- identities of match_identities whose seller id a member lists (on the same platform, or either
-- platform unknown), both ids compared as intake_seller_key makes them (half-width, trimmed, lower
-- case). Returns nothing.
CREATE OR REPLACE TEMP TABLE match_seller AS
SELECT DISTINCT i.platform, i.seller_id, i.store_name, s.member_id, i.subject
FROM match_identities i
JOIN member_stores s
  ON intake_seller_key(s.seller_id) = intake_seller_key(i.seller_id)
 AND (s.platform IS NULL OR i.platform IS NULL OR s.platform = i.platform)
WHERE i.seller_id IS NOT NULL
