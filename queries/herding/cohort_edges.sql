-- Pairs co-sued inside cohort $cohort of run $run: member_a, member_b, cases, weight.
-- access: analyst leadership
SELECT member_a, member_b, cases, weight
FROM herding_cohort_edges
WHERE run_id = $run AND cohort_id = $cohort
ORDER BY weight DESC, member_a, member_b
