-- access: analyst
-- Removes ($recipient, $kind, $value) from the watch list; returns nothing.
DELETE FROM watch_list WHERE recipient = $recipient AND kind = $kind AND value = $value
