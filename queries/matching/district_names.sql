-- access: analyst
-- Districts of the reference list (district, name_zh, name_en).
SELECT district, name_zh, name_en FROM districts ORDER BY district
