-- access: analyst
-- Counts a failed try of the deliveries of $alert_ids on channel $channel_id and sets the next one
-- after a backoff of $backoff_seconds doubled per earlier try, at most an hour; returns nothing.
UPDATE alert_deliveries
SET attempts = attempts + 1,
    next_try_at = $now + to_seconds(least(3600, $backoff_seconds * pow(2, attempts))::BIGINT)
WHERE channel_id = $channel_id AND list_contains($alert_ids, alert_id)
