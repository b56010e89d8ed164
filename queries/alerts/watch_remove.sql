-- access: analyst
-- Removes ($recipient, $kind, $value) from the watch list; returns the entry removed (recipient),
-- or no row when it was not there.
DELETE FROM watch_list WHERE recipient = $recipient AND kind = $kind AND value = $value
RETURNING recipient
