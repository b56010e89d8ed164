-- access: analyst
-- The outbox for analysts, at most $limit rows (status $status, or all when NULL), soonest due
-- first: alert_id, rule, recipient, case_id, event_on, due_on, status, sent_at, channels (delivery
-- rows), failures (failed tries over its deliveries, pending ones), next_try_at.
SELECT a.alert_id, a.rule, a.recipient, a.case_id, a.event_on, a.due_on, a.status, a.sent_at,
       count(d.channel_id) AS channels,
       coalesce(sum(CASE WHEN d.status = 'pending' THEN d.attempts END), 0) AS failures,
       min(d.next_try_at) AS next_try_at
FROM alerts a
LEFT JOIN alert_deliveries d ON d.alert_id = a.alert_id
WHERE $status IS NULL OR a.status = $status
GROUP BY a.alert_id, a.rule, a.recipient, a.case_id, a.event_on, a.due_on, a.status, a.sent_at
ORDER BY a.status = 'pending' DESC, a.due_on, a.alert_id
LIMIT $limit
