-- The herding wave an alert is about, from the latest stored run: entity_kind (brand | firm),
-- entity, trigger, start_month, end_month, cases, top_cities, top_sectors, members_hit (staff only:
-- NULL for a member viewer, who sees no count of other members). No row when the wave is gone
-- from the latest run. Brand-level facts only: no member, store or amount.
-- access: analyst member
SELECT entity_kind, entity, trigger, start_month, end_month, cases, top_cities, top_sectors,
       CASE WHEN $viewer_member = '' THEN members_hit END AS members_hit
FROM herding_waves
WHERE run_id = (SELECT max(run_id) FROM herding_runs)
  AND pattern = 'wave' AND entity_kind = $entity_kind AND entity = $entity
  AND strftime(start_month, '%Y-%m') = $start_month
LIMIT 1
