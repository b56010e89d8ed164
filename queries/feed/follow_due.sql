-- access: analyst
-- Up to $limit imported dockets due a check for changes, the oldest check first: still open (their
-- case has no termination date), filed on or after $filed_after, last checked (or imported) before
-- $checked_before, and not in the queue. Returns docket_id, date_filed, date_modified (of its last
-- import).
SELECT d.docket_id, coalesce(d.date_filed, c.filed_on) AS date_filed, d.date_modified
FROM feed_dockets d
JOIN cases c ON c.case_id = d.case_id
LEFT JOIN feed_queue q ON q.docket_id = d.docket_id
WHERE c.closed_on IS NULL
  AND coalesce(d.date_filed, c.filed_on) >= $filed_after
  AND coalesce(d.checked_at, d.imported_at) < $checked_before
  AND q.docket_id IS NULL
ORDER BY coalesce(d.checked_at, d.imported_at), d.docket_id
LIMIT $limit
