-- access: analyst
-- The times of the requests sent to CourtListener at or after $since, oldest first (the budget).
SELECT "at" FROM feed_requests WHERE "at" >= $since ORDER BY "at"
