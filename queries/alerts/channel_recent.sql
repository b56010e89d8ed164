-- access: analyst
-- Each channel's recent messages: ages (seconds before $now of those of the last 60 seconds, for
-- the rate limit) and sent_today (a message went out since $day_start: a digest channel waits for
-- the next day).
SELECT channel_id,
       list(epoch($now) - epoch("at")) FILTER (WHERE "at" > $now - INTERVAL 60 SECOND) AS ages,
       coalesce(bool_or(ok AND "at" >= $day_start), false) AS sent_today
FROM delivery_log
WHERE "at" >= least($day_start, $now - INTERVAL 60 SECOND)
GROUP BY channel_id
