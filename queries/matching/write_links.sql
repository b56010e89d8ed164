-- access: analyst
-- Replaces the member links of match_targets by one link per target and candidate of its store
-- identity in match_found (decisions already applied there). Returns nothing.
DELETE FROM member_links
WHERE (case_id, defendant_no) IN (SELECT case_id, defendant_no FROM match_targets) AND status <> 'given';
-- a plain insert: targets have no 'given' link, the only kind kept above
INSERT INTO member_links (case_id, defendant_no, member_id, method, score, status, subject)
SELECT t.case_id, t.defendant_no, f.member_id, f.method, f.score, f.status, f.subject
FROM match_targets t
JOIN match_found f
  ON f.platform IS NOT DISTINCT FROM t.platform
 AND f.seller_id IS NOT DISTINCT FROM t.seller_id
 AND f.store_name IS NOT DISTINCT FROM t.store_name;
