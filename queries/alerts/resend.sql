-- access: analyst
-- Queues alert $alert_id (or the alert whose id starts with it, as messages print it) again: waiting,
-- each delivery to be made anew at the next run; returns the alert ids queued.
UPDATE alerts SET status = 'pending', sent_at = NULL, due_on = least(due_on, $today)
WHERE starts_with(alert_id, $alert_id) AND length($alert_id) >= 8
RETURNING alert_id
