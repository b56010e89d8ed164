-- access: analyst
-- The dockets of the registered frame feed_found_frame(docket_id, date_filed, seen_timestamp) that
-- already wait in the queue keep the newest search timestamp they were seen with (a timestamp
-- never recorded is older than any known one), and take the filing date when they had none (a
-- docket alert names none), so that their import records what the search last showed. Returns
-- nothing.
UPDATE feed_queue q SET
    seen_timestamp = CASE WHEN TRY_CAST(f.seen_timestamp AS TIMESTAMPTZ)
                               > coalesce(TRY_CAST(q.seen_timestamp AS TIMESTAMPTZ), '-infinity'::TIMESTAMPTZ)
                          THEN f.seen_timestamp ELSE q.seen_timestamp END,
    date_filed = coalesce(q.date_filed, f.date_filed)
FROM (SELECT docket_id::BIGINT AS docket_id, TRY_CAST(date_filed AS DATE) AS date_filed,
             seen_timestamp::VARCHAR AS seen_timestamp FROM feed_found_frame) f
WHERE q.docket_id = f.docket_id AND q.status = 'waiting'
