-- The case x member incidence restricted to member defendants: one row per (case, member), the
-- case as a dense integer. Columns: case_index, member_id.
-- access: analyst
SELECT dense_rank() OVER (ORDER BY case_id)::INTEGER - 1 AS case_index, member_id
FROM (SELECT DISTINCT case_id, member_id FROM defendant_facts WHERE member_id IS NOT NULL)
