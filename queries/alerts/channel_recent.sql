-- access: analyst
-- Each channel's recent messages: ages (seconds before $now of those of the last 60 seconds, for
-- the rate limit) and sent_today (a message went out since $day_start: a digest channel waits for
-- the next day); with the channel's kind and address (NULL for a channel removed since), since a
-- robot's limit holds for all the channels that post to it.
SELECT l.channel_id, any_value(c.kind) AS kind, any_value(c.address) AS address,
       list(epoch($now) - epoch(l."at")) FILTER (WHERE l."at" > $now - INTERVAL 60 SECOND) AS ages,
       coalesce(bool_or(l.ok AND l."at" >= $day_start), false) AS sent_today
FROM delivery_log l
LEFT JOIN alert_channels c ON c.channel_id = l.channel_id
WHERE l."at" >= least($day_start, $now - INTERVAL 60 SECOND)
GROUP BY l.channel_id
