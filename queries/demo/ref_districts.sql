-- Demo generator: every district with its city, in (city_code, district) order.
SELECT city_code, district
FROM districts
ORDER BY city_code, district
