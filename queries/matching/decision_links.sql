-- access: analyst
-- Applies a decision to every link of (store identity, member); returns the number changed (Count).
UPDATE member_links SET status = $decision
WHERE subject = $subject AND member_id = $member_id AND status <> 'given' AND status <> $decision
