-- access: analyst
-- Cities of the reference list that a name or address can mention (city_code, name_zh, name_en),
-- without the unknown / other-provinces placeholders.
SELECT city_code, name_zh, name_en FROM cities WHERE city_code NOT IN ('000000', '990000') ORDER BY city_code
