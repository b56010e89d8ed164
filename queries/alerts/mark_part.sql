-- access: analyst
-- Notes part $part_key of a message sent on channel $channel_id for the deliveries of $alert_ids,
-- which stay waiting for the message's other parts; returns nothing.
UPDATE alert_deliveries SET parts_sent = list_append(coalesce(parts_sent, []), $part_key)
WHERE channel_id = $channel_id AND list_contains($alert_ids, alert_id)
