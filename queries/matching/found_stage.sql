-- access: analyst
-- Builds temp table match_found from match_targets and the registered frame match_pairs (name,
-- member_id, method, score, status, via: the scored candidates per distinct store name and the
-- member name that matched) plus the seller-id links in match_seller (case_id, defendant_no,
-- member_id, subject), which win over names. The register corrects a name candidate:
-- - dropped when the defendant's seller id is known and the member lists other seller ids on
--   that platform (a namesake's account);
-- - sent to review instead of accepted when it matched one of the member's stores on another
--   platform only (the same brand elsewhere is a lead, not proof).
-- Returns nothing.
CREATE OR REPLACE TEMP TABLE match_found AS
SELECT case_id, defendant_no, member_id, 'seller_id' AS method, 1.0 AS score, 'auto' AS status, subject
FROM match_seller
UNION ALL
SELECT t.case_id, t.defendant_no, p.member_id, p.method, p.score,
       CASE WHEN p.status = 'auto' AND t.platform IS NOT NULL
                 AND NOT EXISTS (SELECT 1 FROM members m WHERE m.member_id = p.member_id AND p.via IN (m.name_zh, m.name_en))
                 AND NOT EXISTS (SELECT 1 FROM member_stores s
                                 WHERE s.member_id = p.member_id AND s.store_name = p.via
                                   AND (s.platform IS NULL OR s.platform = t.platform))
            THEN 'review' ELSE p.status END,
       t.subject
FROM match_targets t
JOIN match_pairs p ON p.name = t.store_name
WHERE NOT EXISTS (SELECT 1 FROM match_seller s WHERE s.case_id = t.case_id AND s.defendant_no = t.defendant_no)
  AND NOT (t.seller_id IS NOT NULL AND t.platform IS NOT NULL
           AND EXISTS (SELECT 1 FROM member_stores m
                       WHERE m.member_id = p.member_id AND m.platform = t.platform AND m.seller_id IS NOT NULL))
