-- access: analyst
-- Sets feed_state $key to $value (NULL removes it); returns nothing.
INSERT OR REPLACE INTO feed_state (key, value) VALUES ($key, $value)
