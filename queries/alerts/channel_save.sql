-- access: analyst
-- Adds a channel or updates its settings; returns nothing. Members change their own through
-- casewatch/alerts/outbox.py, which checks the recipient is theirs before it runs this.
INSERT INTO alert_channels (channel_id, recipient, kind, address, lang, delivery, quiet_from, quiet_to, active)
VALUES ($channel_id, $recipient, $kind, $address, $lang, $delivery, $quiet_from, $quiet_to, true)
ON CONFLICT (channel_id) DO UPDATE SET lang = excluded.lang, delivery = excluded.delivery,
    quiet_from = excluded.quiet_from, quiet_to = excluded.quiet_to, active = true
