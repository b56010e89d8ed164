-- Cases naming at least two members of a cohort (membership as parallel lists).
-- Columns: cohort_id, case_id, brand, filed_on, together.
-- access: analyst
WITH cohort AS (
    SELECT unnest($cohort_ids) AS cohort_id, unnest($member_ids) AS member_id
)
SELECT c.cohort_id, f.case_id, any_value(f.brand) AS brand, any_value(f.filed_on) AS filed_on,
       count(DISTINCT f.member_id)::INTEGER AS together
FROM defendant_facts f
JOIN cohort c USING (member_id)
GROUP BY c.cohort_id, f.case_id
HAVING together >= 2
ORDER BY c.cohort_id, filed_on
