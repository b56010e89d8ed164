-- access: analyst
-- Removes channel $channel_id when it belongs to $recipient (NULL: whoever's); returns the removed
-- channel's id, or no row. Members remove their own through casewatch/alerts/outbox.py.
DELETE FROM alert_channels
WHERE channel_id = $channel_id AND ($recipient IS NULL OR recipient = $recipient)
RETURNING channel_id
