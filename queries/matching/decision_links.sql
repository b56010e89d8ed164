-- access: analyst
-- Applies the stored decisions on store identity $subject to its links; returns the number of
-- links changed (Count).
UPDATE member_links l
SET status = d.decision
FROM match_decisions d
WHERE d.subject = l.subject AND d.member_id = l.member_id
  AND l.subject = $subject AND l.status <> 'given' AND l.status <> d.decision
