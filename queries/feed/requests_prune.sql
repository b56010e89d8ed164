-- access: analyst
-- Forgets requests older than $before (no budget window reaches back that far); returns nothing.
DELETE FROM feed_requests WHERE "at" < $before
