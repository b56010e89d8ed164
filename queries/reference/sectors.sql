-- Upserts the two-level sector taxonomy from the CSV at $path; returns nothing.
INSERT OR REPLACE INTO sectors (sector_code, parent_code, name_zh, name_en)
SELECT sector_code, parent_code, name_zh, name_en
FROM read_csv($path, header = true, all_varchar = true)
