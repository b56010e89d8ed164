-- access: analyst
-- When an analyst accepts (store identity, member): records a rejection of every other member
-- still waiting for review with that store, and marks those links rejected. Returns nothing.
INSERT OR REPLACE INTO match_decisions (subject, member_id, decision, decided_at, decided_by)
SELECT DISTINCT subject, member_id, 'rejected', current_timestamp, $decided_by
FROM member_links
WHERE subject = $subject AND member_id <> $member_id AND status = 'review';
