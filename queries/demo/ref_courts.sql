-- Demo generator: the valid court codes (column code).
SELECT court AS code
FROM courts
ORDER BY court
