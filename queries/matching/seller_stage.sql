-- access: analyst
-- Builds temp table match_seller from matching/seller_links for the current targets; returns nothing.
CREATE OR REPLACE TEMP TABLE match_seller AS
SELECT DISTINCT t.case_id, t.defendant_no, s.member_id, t.subject
FROM match_targets t
JOIN member_stores s
  ON lower(trim(s.seller_id)) = lower(trim(t.seller_id))
 AND (s.platform IS NULL OR t.platform IS NULL OR s.platform = t.platform)
WHERE t.seller_id IS NOT NULL
