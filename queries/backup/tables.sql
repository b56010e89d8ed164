-- The database's own tables, for a snapshot: columns (table_name), sorted by name.
-- Temporary tables and attached databases are left out, and so is fact_cells, the monthly rollup
-- of defendant_facts: a restore builds it again with the derived layer, and its BIT bitmaps
-- would come back from Parquet as text.
SELECT table_name
FROM duckdb_tables()
WHERE database_name = current_database() AND schema_name = 'main' AND NOT temporary
  AND table_name <> 'fact_cells'
ORDER BY table_name
