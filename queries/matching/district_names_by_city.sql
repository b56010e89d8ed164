-- access: analyst
-- Districts of the reference list with their city (district, city_code, name_zh, name_en).
SELECT district, city_code, name_zh, name_en FROM districts ORDER BY district
