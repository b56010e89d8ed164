-- access: analyst
-- Resets the deliveries of $alert_ids to be made at the next run, every part of them; returns
-- nothing.
UPDATE alert_deliveries SET status = 'pending', attempts = 0, next_try_at = NULL, sent_at = NULL, parts_sent = NULL
WHERE list_contains($alert_ids, alert_id)
