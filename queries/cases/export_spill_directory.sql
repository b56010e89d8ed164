-- Names the folder $directory where DuckDB spills sorts that do not fit in memory. Returns nothing.
-- access: analyst
SET temp_directory = $directory
