-- Upserts the city reference list from the CSV at $path; returns nothing.
INSERT OR REPLACE INTO cities (city_code, name_zh, name_en, lat, lon, in_guangdong)
SELECT city_code, name_zh, name_en, lat, lon, in_guangdong
FROM read_csv($path, header = true, all_varchar = false,
              types = {'city_code': 'VARCHAR', 'lat': 'DOUBLE', 'lon': 'DOUBLE'})
