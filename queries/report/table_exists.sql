-- Whether a table named $table exists in the main schema: one row (present BOOLEAN). The brief
-- asks before reading optional result tables (the herding cache) that older databases lack.
-- access: analyst leadership
SELECT count(*) > 0 AS present
FROM duckdb_tables()
WHERE schema_name = 'main' AND table_name = $table
