-- Upserts the platform list from the CSV at $path; returns nothing.
INSERT OR REPLACE INTO platforms (platform, name_zh, name_en)
SELECT platform, name_zh, name_en
FROM read_csv($path, header = true, all_varchar = true)
