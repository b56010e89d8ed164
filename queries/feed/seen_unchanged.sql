-- access: analyst
-- A queued docket fetched again with the date_modified of its last import: checked at $now, and
-- keeps the search timestamp $seen_timestamp when it is newer than the one stored (so the same
-- search result does not queue it again); returns nothing.
UPDATE feed_dockets SET
    checked_at = $now,
    seen_timestamp = CASE WHEN TRY_CAST($seen_timestamp AS TIMESTAMPTZ)
                               > coalesce(TRY_CAST(seen_timestamp AS TIMESTAMPTZ), '-infinity'::TIMESTAMPTZ)
                          THEN $seen_timestamp ELSE seen_timestamp END
WHERE docket_id = $docket_id
