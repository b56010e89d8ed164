-- access: analyst
-- Whether a function of this name ($name) is known to the cursor (a Python one registered by
-- another connection of the database included). Columns: found.
SELECT count(*) > 0 AS found FROM duckdb_functions() WHERE function_name = $name
