-- access: analyst
-- Starts a run at $now; returns its run_id.
INSERT INTO feed_runs (run_id, started_at, status)
SELECT coalesce(max(run_id), 0) + 1, $now, 'running' FROM feed_runs
RETURNING run_id
