-- access: analyst
-- Builds temp table match_found from match_targets and the registered frame match_pairs (name,
-- member_id, method, score, status: the scored candidates per distinct store name) plus the
-- seller-id links in match_seller (case_id, defendant_no, member_id, subject), which win over names. Returns nothing.
CREATE OR REPLACE TEMP TABLE match_found AS
SELECT case_id, defendant_no, member_id, 'seller_id' AS method, 1.0 AS score, 'auto' AS status, subject
FROM match_seller
UNION ALL
SELECT t.case_id, t.defendant_no, p.member_id, p.method, p.score, p.status, t.subject
FROM match_targets t
JOIN match_pairs p ON p.name = t.store_name
WHERE NOT EXISTS (SELECT 1 FROM match_seller s WHERE s.case_id = t.case_id AND s.defendant_no = t.defendant_no)
