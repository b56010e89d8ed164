-- Members of the detected cohorts of run $run: cohort_id, member_id.
-- access: analyst
SELECT cohort_id, member_id FROM herding_cohort_members WHERE run_id = $run ORDER BY cohort_id, member_id
