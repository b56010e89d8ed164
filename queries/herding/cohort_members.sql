-- The $limit members of greatest strength of cohort $cohort of run $run, with their names and
-- place: member_id, name_zh, name_en, city_code, sector_code, partners, strength.
-- access: analyst
SELECT c.member_id, m.name_zh, m.name_en, m.city_code, m.sector_code, c.partners, c.strength
FROM herding_cohort_members c
LEFT JOIN members m USING (member_id)
WHERE c.run_id = $run AND c.cohort_id = $cohort
ORDER BY c.strength DESC, c.member_id
LIMIT $limit
