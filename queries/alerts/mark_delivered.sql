-- access: analyst
-- Marks the deliveries of $alert_ids on channel $channel_id sent at $now (the whole message, or its
-- last part: the parts noted sent are forgotten); returns nothing.
UPDATE alert_deliveries SET status = 'sent', sent_at = $now, attempts = attempts + 1, parts_sent = NULL
WHERE channel_id = $channel_id AND list_contains($alert_ids, alert_id)
