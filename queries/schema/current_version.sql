-- The highest applied schema version: one row, column (version); 0 for a database with none.
SELECT coalesce(max(version), 0) AS version FROM schema_version
