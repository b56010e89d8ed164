-- access: analyst
-- Records docket $docket_id as imported (inside the import's transaction): its case, filing date,
-- date_modified and the newest search timestamp it was seen with, checked (its date_modified
-- learned) at $now; $changed (0/1) counts an import that changed the data. Returns nothing.
INSERT INTO feed_dockets (docket_id, case_id, date_filed, date_modified, seen_timestamp, imported_at, imports,
                          checked_at)
VALUES ($docket_id, $case_id, $date_filed, $date_modified, $seen_timestamp, $now, $changed, $now)
ON CONFLICT (docket_id) DO UPDATE SET
    case_id = excluded.case_id,
    date_filed = excluded.date_filed,
    date_modified = excluded.date_modified,
    seen_timestamp = CASE WHEN TRY_CAST(excluded.seen_timestamp AS TIMESTAMPTZ)
                               > coalesce(TRY_CAST(feed_dockets.seen_timestamp AS TIMESTAMPTZ), '-infinity'::TIMESTAMPTZ)
                          THEN excluded.seen_timestamp ELSE feed_dockets.seen_timestamp END,
    imported_at = excluded.imported_at,
    checked_at = excluded.checked_at,
    imports = feed_dockets.imports + excluded.imports
