-- access: analyst
-- Takes docket $docket_id off the queue; returns nothing.
DELETE FROM feed_queue WHERE docket_id = $docket_id
