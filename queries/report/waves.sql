-- Waves of the latest herding run (casewatch/herding/, tables of migration 004) that are new in
-- $month (started then) or ongoing (started before, still running in $month); cohort re-suits
-- are left out. Columns: status ('new' | 'ongoing'), subject (the brand or law firm), entity_kind
-- (brand | firm), trigger (spike | buildup | new | return | threshold), shape (sudden | ramp |
-- multi_city | firm_led | surge), start_month, end_month, members (members hit),
-- cases, scope_zh, scope_en (its top cities, then top sectors, named; codes without a name kept),
-- data_version (of the run). $brands / $firms (the global filters, empty = all) narrow rights holders
-- / law firms, $cities / $sectors to the waves that list one of them among their top cities or
-- sectors, as on the herding page (herding/waves). New waves first, then by members hit.
-- access: analyst leadership
WITH latest AS (
    SELECT run_id, data_version FROM herding_runs ORDER BY run_id DESC LIMIT 1
),
names AS (
    SELECT map(list(code), list(name_zh)) AS zh, map(list(code), list(name_en)) AS en
    FROM (SELECT city_code AS code, name_zh, name_en FROM cities
          UNION ALL
          SELECT sector_code, name_zh, name_en FROM sectors)
)
SELECT CASE WHEN w.start_month = $month THEN 'new' ELSE 'ongoing' END AS status,
       w.entity AS subject,
       w.entity_kind,
       w.trigger,
       coalesce(w.shape, 'sudden') AS shape,
       w.start_month,
       w.end_month,
       w.members_hit AS members,
       w.cases,
       array_to_string(list_transform(coalesce(w.top_cities, []) || coalesce(w.top_sectors, []),
                                      lambda code: coalesce(names.zh[code], code)), '、') AS scope_zh,
       array_to_string(list_transform(coalesce(w.top_cities, []) || coalesce(w.top_sectors, []),
                                      lambda code: coalesce(names.en[code], code)), ', ') AS scope_en,
       latest.data_version
FROM herding_waves w
JOIN latest USING (run_id)
CROSS JOIN names
WHERE w.pattern = 'wave'
  AND w.start_month <= $month
  AND w.end_month >= $month
  AND (len($brands) = 0 OR w.entity_kind <> 'brand' OR list_contains($brands, w.entity))
  AND (len($firms) = 0 OR w.entity_kind <> 'firm' OR list_contains($firms, w.entity))
  -- a city or sector asked for among those the wave lists (its top cities and sectors, as shown; a
  -- sub-sector by its sector): what the list shows, and no more of the members it hit
  AND (len($cities) = 0 OR list_has_any(coalesce(w.top_cities, []), $cities))
  AND (len($sectors) = 0 OR list_has_any(coalesce(w.top_sectors, []), $sectors)
       OR EXISTS (SELECT 1 FROM sectors s
                  WHERE list_contains($sectors, s.sector_code) AND list_contains(coalesce(w.top_sectors, []), s.parent_code)))
ORDER BY status, w.members_hit DESC, w.entity
