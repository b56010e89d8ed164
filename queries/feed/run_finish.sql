-- access: analyst
-- Closes run $run_id with its status, counts, message and error; returns nothing.
UPDATE feed_runs SET finished_at = $now, status = $status, requests = $requests, searched = $searched,
    queued = $queued, fetched = $fetched, imported = $imported, skipped = $skipped, rejected = $rejected,
    message = $message, error = $error
WHERE run_id = $run_id
