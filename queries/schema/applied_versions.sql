-- Every schema version recorded as applied: column (version), ascending.
SELECT DISTINCT version FROM schema_version ORDER BY version
