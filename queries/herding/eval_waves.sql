-- Detected waves of run $run (pattern 'wave', rights holders and law firms): wave_id,
-- entity_kind, entity, brand (the entity of a rights holder's wave), shape, start_month,
-- end_month, flagged_month.
-- access: analyst leadership
SELECT wave_id, entity_kind, entity, CASE WHEN entity_kind = 'brand' THEN entity END AS brand,
       coalesce(shape, 'sudden') AS shape, start_month, end_month, coalesce(flagged_month, start_month) AS flagged_month
FROM herding_waves
WHERE run_id = $run AND pattern = 'wave'
ORDER BY wave_id
