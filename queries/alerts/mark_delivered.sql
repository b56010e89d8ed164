-- access: analyst
-- Marks the deliveries of $alert_ids on channel $channel_id sent at $now; returns nothing.
UPDATE alert_deliveries SET status = 'sent', sent_at = $now, attempts = attempts + 1
WHERE channel_id = $channel_id AND list_contains($alert_ids, alert_id)
