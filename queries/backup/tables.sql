-- The database's own tables, for a snapshot: columns (table_name), sorted by name.
-- Temporary tables and attached databases are left out.
SELECT table_name
FROM duckdb_tables()
WHERE database_name = current_database() AND schema_name = 'main' AND NOT temporary
ORDER BY table_name
