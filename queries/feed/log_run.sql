-- access: analyst
-- Appends a sync run to the imports log (kind 'sync': rows_in = dockets fetched, rows_accepted =
-- imported, rows_rejected = rejected; the message says what it asked, fetched, imported, skipped).
INSERT INTO imports (import_id, "at", source_name, sha256, kind, rows_in, rows_accepted, rows_rejected, status, message)
SELECT coalesce(max(import_id), 0) + 1, $at, $source_name, NULL, 'sync', $rows_in, $rows_accepted, $rows_rejected,
       $status, $message
FROM imports
