-- The herding heat map of run $run: per cell ($dimension 'city' or 'sector') and month in
-- $date_from..$date_to, members sued, rights holders suing there, the mean LSV H over the tested
-- (cell, holder) pairs and the Benjamini-Hochberg alerts; $cells (empty = all) narrows the cells.
-- Columns: cell, month, members_sued, brands, mean_h, alerts.
-- access: analyst leadership
SELECT cell, month, members_sued, brands, mean_h, alerts
FROM herding_heat
WHERE run_id = $run AND dimension = $dimension
  AND month BETWEEN date_trunc('month', $date_from::DATE) AND $date_to
  AND (len($cells) = 0 OR list_contains($cells, cell))
ORDER BY cell, month
