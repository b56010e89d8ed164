-- access: analyst
-- The delivery log, newest first, at most $limit rows (failures only when $failures_only): at,
-- recipient, kind, address, alerts (how many the message carried), part ('2/3': the part of a
-- message too long for its robot; NULL for a whole message), alert_ids, ok, error, seconds.
SELECT l."at", l.recipient, l.kind, c.address, len(l.alert_ids) AS alerts,
       CASE WHEN l.parts IS NOT NULL THEN l.part || '/' || l.parts END AS part, l.alert_ids, l.ok, l.error, l.seconds
FROM delivery_log l
LEFT JOIN alert_channels c ON c.channel_id = l.channel_id
WHERE NOT $failures_only OR NOT l.ok
ORDER BY l."at" DESC, l.log_id
LIMIT $limit
