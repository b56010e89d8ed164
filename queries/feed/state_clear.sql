-- access: analyst
-- Removes the feed_state keys in $keys; returns nothing.
DELETE FROM feed_state WHERE list_contains($keys, key)
