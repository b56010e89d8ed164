-- Coordination roster of cohort $cohort of run $run: its members with stores, place, the cases
-- naming at least two of them and their outcomes there, and contact e-mail. Columns as
-- herding/roster_wave.
-- access: analyst
WITH cohort AS (
    SELECT member_id FROM herding_cohort_members WHERE run_id = $run AND cohort_id = $cohort
),
mine AS (
    SELECT member_id, case_id, outcome FROM defendant_facts WHERE member_id IN (SELECT member_id FROM cohort)
),
rows AS (
    SELECT member_id, case_id, outcome FROM mine
    WHERE case_id IN (SELECT case_id FROM mine GROUP BY case_id HAVING count(DISTINCT member_id) >= 2)
),
stores AS (
    SELECT member_id, string_agg(DISTINCT platform || ': ' || store_name, '; ' ORDER BY platform || ': ' || store_name) AS stores
    FROM member_stores WHERE member_id IN (SELECT member_id FROM cohort) GROUP BY member_id
)
SELECT m.member_id, m.name_zh, m.name_en, m.city_code, m.district, m.sector_code, s.stores,
       string_agg(DISTINCT r.case_id, '; ' ORDER BY r.case_id) AS cases,
       string_agg(DISTINCT r.outcome, '; ' ORDER BY r.outcome) AS outcomes,
       m.email
FROM cohort c
JOIN members m USING (member_id)
LEFT JOIN stores s USING (member_id)
LEFT JOIN rows r USING (member_id)
GROUP BY ALL
ORDER BY m.city_code, m.member_id
