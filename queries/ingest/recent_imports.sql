-- access: analyst
-- The latest $limit entries of the imports log (import_id, at, source_name, kind, rows_in,
-- rows_accepted, rows_rejected, status, message), newest first.
SELECT import_id, "at", source_name, kind, rows_in, rows_accepted, rows_rejected, status, message
FROM imports ORDER BY import_id DESC LIMIT $limit
