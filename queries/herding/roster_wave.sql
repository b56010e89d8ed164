-- Coordination roster of wave $wave of run $run: every member it hit, with stores, place, the
-- wave's cases naming them and their outcomes, and the member's contact e-mail.
-- Columns: member_id, name_zh, name_en, city_code, district, sector_code, stores, cases, outcomes, email.
-- access: analyst
WITH hit AS (
    SELECT member_id FROM herding_wave_members WHERE run_id = $run AND wave_id = $wave
),
wave AS (
    SELECT entity_kind, entity, start_month, end_month FROM herding_waves WHERE run_id = $run AND wave_id = $wave
),
rows AS (
    SELECT f.member_id, f.case_id, f.outcome
    FROM defendant_facts f, wave w
    WHERE f.member_id IN (SELECT member_id FROM hit)
      AND f.month BETWEEN w.start_month AND w.end_month
      AND (CASE w.entity_kind WHEN 'brand' THEN f.brand ELSE f.law_firm END) = w.entity
),
stores AS (
    SELECT member_id, string_agg(DISTINCT platform || ': ' || store_name, '; ' ORDER BY platform || ': ' || store_name) AS stores
    FROM member_stores WHERE member_id IN (SELECT member_id FROM hit) GROUP BY member_id
)
SELECT m.member_id, m.name_zh, m.name_en, m.city_code, m.district, m.sector_code, s.stores,
       string_agg(DISTINCT r.case_id, '; ' ORDER BY r.case_id) AS cases,
       string_agg(DISTINCT r.outcome, '; ' ORDER BY r.outcome) AS outcomes,
       m.email
FROM hit h
JOIN members m USING (member_id)
LEFT JOIN stores s USING (member_id)
LEFT JOIN rows r USING (member_id)
GROUP BY ALL
ORDER BY m.city_code, m.member_id
