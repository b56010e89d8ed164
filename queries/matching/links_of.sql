-- access: analyst
-- The member links of one case (defendant_no, member_id, method, score, status, subject).
SELECT defendant_no, member_id, method, score, status, subject
FROM member_links WHERE case_id = $case_id ORDER BY defendant_no, score DESC
