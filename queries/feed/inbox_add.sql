-- access: analyst
-- Stores a webhook delivery once per idempotency key; returns the key when it is new, no row when
-- the delivery was stored before.
INSERT INTO feed_inbox (idempotency_key, received_at, event_type, version, dockets, body)
VALUES ($key, $received_at, $event_type, $version, $dockets, $body)
ON CONFLICT (idempotency_key) DO NOTHING
RETURNING idempotency_key
