-- Version 45: a message too long for its robot goes in parts (casewatch/alerts/parts.py), each sent
-- and logged on its own; its alerts' deliveries are sent when the last part is.
-- delivery_log.part and .parts: which part of how many a row logs (NULL: a whole message).
-- alert_deliveries.parts_sent: the keys of the parts of an unfinished message already sent on the
-- channel (NULL when none), so that a rerun after a crash or a failed part sends only the rest.
ALTER TABLE delivery_log ADD COLUMN IF NOT EXISTS part INTEGER;
ALTER TABLE delivery_log ADD COLUMN IF NOT EXISTS parts INTEGER;
ALTER TABLE alert_deliveries ADD COLUMN IF NOT EXISTS parts_sent VARCHAR[];
