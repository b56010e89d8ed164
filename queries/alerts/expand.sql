-- access: analyst
-- Gives every waiting alert due by $today a delivery row for each active channel of its recipient
-- (channels added since are included); returns nothing.
INSERT INTO alert_deliveries (alert_id, channel_id)
SELECT a.alert_id, c.channel_id
FROM alerts a
JOIN alert_channels c ON c.recipient = a.recipient AND c.active
WHERE a.status = 'pending' AND a.due_on <= $today
ON CONFLICT DO NOTHING
