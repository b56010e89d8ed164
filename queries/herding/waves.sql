-- Waves and cohort re-suits of run $run overlapping $date_from..$date_to, of the entity kinds
-- ($kinds: brand, firm) and patterns ($patterns: wave, cohort) asked for; $brands / $firms (the
-- global filters, empty = all) narrow rights holders / law firms, $cities / $sectors (likewise) to the
-- waves that hit a member of them. Active first, newest first.
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
  AND ((len($cities) = 0 AND len($sectors) = 0) OR EXISTS (
      -- a member it hit is of the cities and sectors asked for (as filtered_facts reads them)
      SELECT 1
      FROM herding_wave_members hm
      JOIN defendant_facts f ON f.case_id = hm.case_id AND f.member_id = hm.member_id
      WHERE hm.run_id = w.run_id AND hm.wave_id = w.wave_id
        AND (len($cities) = 0 OR list_contains($cities, f.city_code))
        AND (len($sectors) = 0 OR list_contains($sectors, f.sector_code) OR list_contains($sectors, f.sector_top))))
ORDER BY active DESC, start_month DESC, wave_id
