-- access: analyst
-- Logs one message tried (or part $part of $parts of one; NULL for a whole message); returns nothing.
INSERT INTO delivery_log (log_id, "at", channel_id, recipient, kind, alert_ids, ok, error, seconds, part, parts)
VALUES ($log_id, $at, $channel_id, $recipient, $kind, $alert_ids, $ok, $error, $seconds, $part, $parts)
