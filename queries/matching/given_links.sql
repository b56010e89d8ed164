-- access: analyst
-- Records members given in the imported file as links with method and status 'given'. The file
-- speaks for the defendant: an earlier 'given' link of it to another member goes (else a later
-- decision, re-ranking its links, could bring that member back); a link to the same member
-- becomes 'given' and keeps when it was first made (linked_at); other defendants' links are left
-- alone. Returns nothing.
CREATE OR REPLACE TEMP TABLE match_given AS
SELECT case_id, defendant_no, member_id, intake_subject(platform, seller_id, intake_name_key(store_name)) AS subject
FROM intake_touched
WHERE member_given;
DELETE FROM member_links l
WHERE l.status = 'given'
  AND EXISTS (SELECT 1 FROM match_given g
              WHERE g.case_id = l.case_id AND g.defendant_no = l.defendant_no AND g.member_id <> l.member_id);
UPDATE member_links l
SET method = 'given', score = 1.0, status = 'given', subject = g.subject
FROM match_given g
WHERE g.case_id = l.case_id AND g.defendant_no = l.defendant_no AND g.member_id = l.member_id;
INSERT INTO member_links (case_id, defendant_no, member_id, method, score, status, subject)
SELECT g.case_id, g.defendant_no, g.member_id, 'given', 1.0, 'given', g.subject
FROM match_given g
WHERE NOT EXISTS (SELECT 1 FROM member_links l
                  WHERE l.case_id = g.case_id AND l.defendant_no = g.defendant_no AND l.member_id = g.member_id)
