-- access: analyst
-- Loads a UTF-8 CSV into temp table intake_raw, every column VARCHAR, named by $columns (the
-- file's columns mapped to contract names, missing contract columns appended and padded with
-- NULL). Rows keep file order, so rowid + $first_row is the spreadsheet row number (blank lines
-- come as rows of empty cells: readers.open_csv). $parallel: false when the file has quotes (a
-- quoted cell may hold a line break, which the parallel reader cannot read with null_padding).
-- $max_line_size: the longest row DuckDB may meet (its default, 2 MB, would refuse a file with a
-- longer cell as malformed; the import caps the file's size instead). Returns nothing.
CREATE OR REPLACE TEMP TABLE intake_raw AS
SELECT *
FROM read_csv($path, auto_detect = false, header = true, columns = $columns, null_padding = true,
              delim = $delim, quote = '"', escape = '"', strict_mode = true, parallel = $parallel,
              max_line_size = $max_line_size)
