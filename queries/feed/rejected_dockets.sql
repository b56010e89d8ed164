-- access: analyst
-- The rejected queue entries, latest first: docket_id, attempts, last_error (at most $limit).
SELECT docket_id, attempts, last_error FROM feed_queue WHERE status = 'rejected'
ORDER BY enqueued_at DESC, docket_id DESC LIMIT $limit
