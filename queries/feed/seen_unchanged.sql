-- access: analyst
-- A queued docket fetched again with the date_modified of its last import: keeps the search
-- timestamp $seen_timestamp when it is newer than the one stored (so the same search result does
-- not queue it again); returns nothing.
UPDATE feed_dockets SET seen_timestamp = $seen_timestamp
WHERE docket_id = $docket_id
  AND TRY_CAST($seen_timestamp AS TIMESTAMPTZ)
      > coalesce(TRY_CAST(seen_timestamp AS TIMESTAMPTZ), '-infinity'::TIMESTAMPTZ)
