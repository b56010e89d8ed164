-- access: analyst
-- Marks queued docket $docket_id rejected with $error (it waits for a newer version); returns nothing.
UPDATE feed_queue SET status = 'rejected', attempts = attempts + 1, last_error = $error WHERE docket_id = $docket_id
