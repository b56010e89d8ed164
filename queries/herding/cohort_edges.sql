-- The $limit strongest pairs co-sued inside cohort $cohort of run $run among its $members members of
-- greatest strength (what the network picture draws): member_a, member_b, cases, weight.
-- access: analyst
SELECT member_a, member_b, cases, weight
FROM herding_cohort_edges
WHERE run_id = $run AND cohort_id = $cohort
  AND member_a IN (SELECT member_id FROM herding_cohort_members WHERE run_id = $run AND cohort_id = $cohort
                   ORDER BY strength DESC, member_id LIMIT $members)
  AND member_b IN (SELECT member_id FROM herding_cohort_members WHERE run_id = $run AND cohort_id = $cohort
                   ORDER BY strength DESC, member_id LIMIT $members)
ORDER BY weight DESC, member_a, member_b
LIMIT $limit
