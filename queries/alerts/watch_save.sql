-- access: analyst
-- Adds ($recipient, $kind, $value) to the watch list; returns nothing. Members change their own
-- through casewatch/alerts/outbox.py, which checks the recipient is theirs first.
INSERT INTO watch_list (recipient, kind, value) VALUES ($recipient, $kind, $value)
ON CONFLICT DO NOTHING
