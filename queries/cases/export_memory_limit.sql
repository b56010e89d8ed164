-- Caps the memory DuckDB may use to $memory_limit (e.g. '256MB') for a command-line export, so that
-- a large sort spills to disk instead of growing the process. Returns nothing.
-- access: analyst
SET memory_limit = $memory_limit
