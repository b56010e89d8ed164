-- access: analyst
-- Replaces the member links of match_targets by the rows of the registered frame match_found
-- (case_id, defendant_no, member_id, method, score, status, subject), keeping analysts' decisions:
-- a decided (subject, member) pair takes the decision as its status. Returns nothing.
DELETE FROM member_links
WHERE (case_id, defendant_no) IN (SELECT case_id, defendant_no FROM match_targets) AND status <> 'given';
INSERT OR REPLACE INTO member_links (case_id, defendant_no, member_id, method, score, status, subject)
SELECT f.case_id, f.defendant_no, f.member_id, f.method, f.score, coalesce(d.decision, f.status), f.subject
FROM match_found f
LEFT JOIN match_decisions d ON d.subject = f.subject AND d.member_id = f.member_id;
