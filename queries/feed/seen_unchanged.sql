-- access: analyst
-- A queued docket fetched again with the date_modified of its last import: keeps the newer search
-- timestamp $seen_timestamp (so the same search result does not queue it again); returns nothing.
UPDATE feed_dockets SET seen_timestamp = coalesce($seen_timestamp, seen_timestamp) WHERE docket_id = $docket_id
