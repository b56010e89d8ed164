-- access: analyst
-- Builds temp table match_found(platform, seller_id, store_name, member_id, method, score, status,
-- subject): the candidate members of each store identity of match_identities, from the seller-id
-- links in match_seller, which win over names, and the registered frame match_pairs (name,
-- platform, member_id, method, score, status, via: the scored candidates per distinct store name and
-- platform and the member name that matched). The register corrects a name candidate:
-- - dropped when the identity's seller id is known and the member lists other seller ids on that
--   platform (a namesake's account);
-- - sent to review instead of accepted when it matched one of the member's stores on another
--   platform only (the same brand elsewhere is a lead, not proof).
-- An analyst's decision on (subject, member) replaces the status. Returns nothing.
CREATE OR REPLACE TEMP TABLE match_found AS
WITH found AS (
    SELECT platform, seller_id, store_name, member_id, 'seller_id' AS method, 1.0 AS score, 'auto' AS status, subject
    FROM match_seller
    UNION ALL
    SELECT i.platform, i.seller_id, i.store_name, p.member_id, p.method, p.score,
           CASE WHEN p.status = 'auto' AND i.platform IS NOT NULL
                     AND NOT EXISTS (SELECT 1 FROM members m
                                     WHERE m.member_id = p.member_id AND p.via IN (m.name_zh, m.name_en))
                     AND NOT EXISTS (SELECT 1 FROM member_stores s
                                     WHERE s.member_id = p.member_id AND s.store_name = p.via
                                       AND (s.platform IS NULL OR s.platform = i.platform))
                THEN 'review' ELSE p.status END,
           i.subject
    FROM match_identities i
    JOIN match_pairs p ON p.name = i.store_name AND p.platform IS NOT DISTINCT FROM i.platform
    WHERE NOT EXISTS (SELECT 1 FROM match_seller s
                      WHERE s.platform IS NOT DISTINCT FROM i.platform AND s.seller_id IS NOT DISTINCT FROM i.seller_id
                        AND s.store_name IS NOT DISTINCT FROM i.store_name)
      AND NOT (i.seller_id IS NOT NULL AND i.platform IS NOT NULL
               AND EXISTS (SELECT 1 FROM member_stores m
                           WHERE m.member_id = p.member_id AND m.platform = i.platform AND m.seller_id IS NOT NULL))
)
SELECT f.* REPLACE (coalesce(d.decision, f.status) AS status)
FROM found f
LEFT JOIN match_decisions d ON d.subject = f.subject AND d.member_id = f.member_id
