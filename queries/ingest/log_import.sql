-- access: analyst
-- Appends one file's import to the imports log; returns nothing.
INSERT INTO imports (import_id, "at", source_name, sha256, kind, rows_in, rows_accepted, rows_rejected, status, message)
VALUES ($import_id, current_timestamp, $source_name, $sha256, $kind, $rows_in, $rows_accepted, $rows_rejected,
        $status, $message)
