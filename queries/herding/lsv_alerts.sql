-- LSV alerts of run $run (tests surviving Benjamini-Hochberg) for $dimension in
-- $date_from..$date_to, narrowed by $cells and $brands (empty = all), strongest first.
-- Columns: cell, brand, month, k, n, p_bar, h, p_value.
-- access: analyst leadership
SELECT cell, brand, month, k, n, p_bar, h, p_value
FROM herding_lsv
WHERE run_id = $run AND dimension = $dimension
  AND month BETWEEN date_trunc('month', $date_from::DATE) AND $date_to
  AND (len($cells) = 0 OR list_contains($cells, cell))
  AND (len($brands) = 0 OR list_contains($brands, brand))
ORDER BY p_value, h DESC, month DESC, cell, brand
LIMIT $limit
