-- The alerts of recipient $recipient, newest first, at most $limit (a member sees its own whatever
-- it asks for): alert_id, rule, case_id, case_name, event_on, due_on, status, sent_at, created_at.
-- access: analyst member
SELECT a.alert_id, a.rule, a.case_id, c.case_name, a.event_on, a.due_on, a.status, a.sent_at, a.created_at
FROM alerts a
LEFT JOIN cases c ON c.case_id = a.case_id
WHERE CASE WHEN $viewer_member = '' THEN a.recipient = $recipient
           ELSE a.recipient = 'member:' || $viewer_member END
  AND a.status <> 'cancelled'
ORDER BY a.due_on DESC, a.created_at DESC, a.alert_id
LIMIT $limit
