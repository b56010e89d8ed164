-- Members of the planted cohorts of a demo database (demo_truth): truth_id, member_id.
-- access: analyst
SELECT truth_id, member_id FROM demo_truth WHERE kind = 'cohort' ORDER BY truth_id, member_id
