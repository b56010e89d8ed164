-- Members sued per cell and month, n of the LSV index: distinct members sued by anyone that
-- month, by their city ($dimension 'city') or the top-level sector of the case ('sector').
-- Columns: cell, month, n.
-- access: analyst leadership
SELECT CASE $dimension WHEN 'city' THEN city_code ELSE sector_top END AS cell,
       month,
       count(DISTINCT member_id)::INTEGER AS n
FROM defendant_facts
WHERE member_id IS NOT NULL
GROUP BY ALL
HAVING cell IS NOT NULL
ORDER BY cell, month
