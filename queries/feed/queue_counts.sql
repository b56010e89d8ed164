-- access: analyst
-- The queue in one row: waiting, rejected, webhook deliveries stored, dockets imported.
SELECT
    (SELECT count(*) FROM feed_queue WHERE status = 'waiting') AS waiting,
    (SELECT count(*) FROM feed_queue WHERE status = 'rejected') AS rejected,
    (SELECT count(*) FROM feed_inbox) AS deliveries,
    (SELECT count(*) FROM feed_dockets) AS dockets
