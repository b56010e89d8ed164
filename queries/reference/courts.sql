-- Upserts the court / forum list from the CSV at $path; returns nothing.
INSERT OR REPLACE INTO courts (court, country, name_zh, name_en)
SELECT court, country, name_zh, name_en
FROM read_csv($path, header = true, all_varchar = true)
