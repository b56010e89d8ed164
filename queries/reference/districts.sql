-- Upserts the district reference list from the CSV at $path; returns nothing.
INSERT OR REPLACE INTO districts (city_code, district, name_zh, name_en)
SELECT city_code, district, name_zh, name_en
FROM read_csv($path, header = true, all_varchar = true)
