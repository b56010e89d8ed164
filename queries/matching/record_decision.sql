-- access: analyst
-- Stores an analyst's decision on (store identity, member); returns nothing.
INSERT OR REPLACE INTO match_decisions (subject, member_id, decision, decided_at, decided_by)
VALUES ($subject, $member_id, $decision, current_timestamp, $decided_by)
