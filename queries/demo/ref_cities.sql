-- Demo generator: every city code with its names, in code order (columns city_code, name_zh, name_en).
SELECT city_code, name_zh, name_en
FROM cities
ORDER BY city_code
