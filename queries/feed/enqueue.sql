-- access: analyst
-- Queues the dockets of the registered frame feed_found_frame(docket_id, date_filed, seen_timestamp)
-- for fetching when they are new, or (reason 'search') seen with a newer search timestamp than at
-- their last import - a timestamp never recorded (a docket first named by a webhook) is older than
-- any known one - or (reason 'webhook') named by a delivery, or (reason 'follow') found with a newer
-- date_modified by a check (casewatch/feed/follow.py); a docket already waiting keeps its
-- place (queue_refresh gives it the newer timestamp), a rejected one or one set aside as not an IP
-- case waits again only for a newer version. Returns the queued docket ids.
INSERT INTO feed_queue (docket_id, date_filed, seen_timestamp, reason, enqueued_at)
SELECT f.docket_id, coalesce(f.date_filed, d.date_filed), f.seen_timestamp, $reason, $now
FROM (SELECT docket_id::BIGINT AS docket_id, TRY_CAST(date_filed AS DATE) AS date_filed,
             seen_timestamp::VARCHAR AS seen_timestamp FROM feed_found_frame) f
LEFT JOIN feed_dockets d USING (docket_id)
LEFT JOIN feed_queue q USING (docket_id)
WHERE (d.docket_id IS NULL OR $reason IN ('webhook', 'follow')
       OR TRY_CAST(f.seen_timestamp AS TIMESTAMPTZ)
          > coalesce(TRY_CAST(d.seen_timestamp AS TIMESTAMPTZ), '-infinity'::TIMESTAMPTZ))
  AND (q.docket_id IS NULL
       OR (q.status IN ('rejected', 'not_ip') AND ($reason IN ('webhook', 'follow')
           OR TRY_CAST(f.seen_timestamp AS TIMESTAMPTZ)
              > coalesce(TRY_CAST(q.seen_timestamp AS TIMESTAMPTZ), '-infinity'::TIMESTAMPTZ))))
ON CONFLICT (docket_id) DO UPDATE SET
    seen_timestamp = CASE WHEN TRY_CAST(excluded.seen_timestamp AS TIMESTAMPTZ)
                               > coalesce(TRY_CAST(feed_queue.seen_timestamp AS TIMESTAMPTZ), '-infinity'::TIMESTAMPTZ)
                          THEN excluded.seen_timestamp ELSE feed_queue.seen_timestamp END,
    reason = excluded.reason, status = 'waiting', last_error = NULL
RETURNING docket_id
