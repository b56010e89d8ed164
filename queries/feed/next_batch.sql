-- access: analyst
-- Up to $limit waiting dockets, newest filings first: docket_id, seen_timestamp, and the
-- date_modified of its last import (NULL when never imported).
SELECT q.docket_id, q.seen_timestamp, d.date_modified
FROM feed_queue q LEFT JOIN feed_dockets d USING (docket_id)
WHERE q.status = 'waiting'
ORDER BY coalesce(q.date_filed, d.date_filed) DESC NULLS LAST, q.docket_id DESC
LIMIT $limit
