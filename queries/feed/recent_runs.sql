-- access: analyst
-- The latest $limit runs, newest first: run_id, started_at, finished_at, status, requests,
-- searched, queued, fetched, imported, skipped, rejected, message, error.
SELECT run_id, started_at, finished_at, status, requests, searched, queued, fetched, imported, skipped, rejected,
       message, error
FROM feed_runs ORDER BY run_id DESC LIMIT $limit
