-- Waves and cohort re-suits of run $run overlapping $date_from..$date_to, of the entity kinds
-- ($kinds: brand, firm) and patterns ($patterns: wave, cohort) asked for; $brands / $firms (the
-- global filters, empty = all) narrow rights holders / law firms, $cities / $sectors (likewise) to the
-- waves that list one of them among their top cities or sectors. Active first, newest first.
-- Columns: wave_id, entity_kind, entity, pattern, trigger, start_month, end_month, months,
-- members_hit, peak_members, baseline_mean, p_value, cusum, burst_start, burst_end, overlap,
-- active, cases, top_cities, top_sectors, shape (sudden | ramp | multi_city | firm_led | surge),
-- flagged_month (when its evidence crossed the threshold).
-- access: analyst leadership
SELECT wave_id, entity_kind, entity, pattern, trigger, start_month, end_month, months, members_hit,
       peak_members, baseline_mean, p_value, cusum, burst_start, burst_end, overlap, active, cases,
       top_cities, top_sectors, coalesce(shape, 'sudden') AS shape, coalesce(flagged_month, start_month) AS flagged_month
FROM herding_waves w
WHERE run_id = $run
  AND start_month <= $date_to
  AND end_month >= date_trunc('month', $date_from::DATE)
  AND list_contains($kinds, entity_kind)
  AND list_contains($patterns, pattern)
  AND (len($brands) = 0 OR entity_kind <> 'brand' OR list_contains($brands, entity))
  AND (len($firms) = 0 OR entity_kind <> 'firm' OR list_contains($firms, entity))
  -- a city or sector asked for among those the wave lists (its top cities and sectors, as shown; a
  -- sub-sector by its sector): what the list shows, and no more of the members it hit
  AND (len($cities) = 0 OR list_has_any(coalesce(w.top_cities, []), $cities))
  AND (len($sectors) = 0 OR list_has_any(coalesce(w.top_sectors, []), $sectors)
       OR EXISTS (SELECT 1 FROM sectors s
                  WHERE list_contains($sectors, s.sector_code) AND list_contains(coalesce(w.top_sectors, []), s.parent_code)))
ORDER BY active DESC, start_month DESC, wave_id
