-- access: analyst
-- Logs one message tried; returns nothing.
INSERT INTO delivery_log (log_id, "at", channel_id, recipient, kind, alert_ids, ok, error, seconds)
VALUES ($log_id, $at, $channel_id, $recipient, $kind, $alert_ids, $ok, $error, $seconds)
