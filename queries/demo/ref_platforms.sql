-- Demo generator: the valid platform codes (column code).
SELECT platform AS code
FROM platforms
ORDER BY platform
