-- Coordination roster of case $case_id: its member defendants with stores, place, outcome and
-- contact e-mail. Columns as herding/roster_wave.
-- access: analyst
WITH rows AS (
    SELECT member_id, case_id, outcome FROM defendant_facts WHERE case_id = $case_id AND member_id IS NOT NULL
),
stores AS (
    SELECT member_id, string_agg(DISTINCT platform || ': ' || store_name, '; ' ORDER BY platform || ': ' || store_name) AS stores
    FROM member_stores WHERE member_id IN (SELECT member_id FROM rows) GROUP BY member_id
)
SELECT m.member_id, m.name_zh, m.name_en, m.city_code, m.district, m.sector_code, s.stores,
       string_agg(DISTINCT r.case_id, '; ' ORDER BY r.case_id) AS cases,
       string_agg(DISTINCT r.outcome, '; ' ORDER BY r.outcome) AS outcomes,
       m.email
FROM rows r
JOIN members m USING (member_id)
LEFT JOIN stores s USING (member_id)
GROUP BY ALL
ORDER BY m.city_code, m.member_id
