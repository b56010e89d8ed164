-- access: analyst
-- Whether table court_days exists yet (schema version 9): one row, one boolean.
SELECT count(*) > 0 FROM duckdb_tables() WHERE table_name = 'court_days' AND NOT temporary
