-- Whether the database has a table named $table in its main schema: one row, column (found).
SELECT count(*) > 0 AS found
FROM duckdb_tables()
WHERE database_name = current_database() AND schema_name = 'main' AND table_name = $table
