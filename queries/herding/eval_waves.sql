-- Detected rights-holder waves of run $run (pattern 'wave'): wave_id, brand, start_month, end_month.
-- access: analyst leadership
SELECT wave_id, entity AS brand, start_month, end_month
FROM herding_waves
WHERE run_id = $run AND entity_kind = 'brand' AND pattern = 'wave'
ORDER BY wave_id
