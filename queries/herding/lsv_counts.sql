-- Members of each cell sued by each rights holder per month, k of the LSV index (cells as in
-- herding/lsv_cells). Columns: cell, brand, month, k.
-- access: analyst leadership
SELECT CASE $dimension WHEN 'city' THEN city_code ELSE sector_top END AS cell,
       brand,
       month,
       count(DISTINCT member_id)::INTEGER AS k
FROM defendant_facts
WHERE member_id IS NOT NULL AND brand IS NOT NULL
GROUP BY ALL
HAVING cell IS NOT NULL
ORDER BY cell, brand, month
