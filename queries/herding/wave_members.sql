-- The members each wave hit: those the wave's entity newly sued between its start and end month
-- (parallel lists), with the first case naming them, its brand, and where they are.
-- Columns: wave_id, member_id, first_sued_on, case_id, brand, city_code, sector_code.
-- access: analyst
WITH waves AS (
    SELECT unnest($wave_ids) AS wave_id, unnest($kinds) AS entity_kind, unnest($entities) AS entity,
           unnest($starts)::DATE AS start_month, unnest($ends)::DATE AS end_month
),
member_rows AS (
    SELECT case_id, member_id, filed_on, month, brand, law_firm, city_code, sector_top
    FROM defendant_facts
    WHERE member_id IS NOT NULL
      AND (brand IN (SELECT entity FROM waves WHERE entity_kind = 'brand')
           OR law_firm IN (SELECT entity FROM waves WHERE entity_kind = 'firm'))
),
firsts AS (
    SELECT w.wave_id, w.start_month, w.end_month, r.member_id,
           arg_min(r.case_id, r.filed_on) AS case_id, arg_min(r.brand, r.filed_on) AS brand, min(r.filed_on) AS first_sued_on,
           min(r.month) AS first_month, any_value(r.city_code) AS city_code,
           any_value(r.sector_top) AS sector_code
    FROM waves w
    JOIN member_rows r ON (CASE w.entity_kind WHEN 'brand' THEN r.brand ELSE r.law_firm END) = w.entity
    GROUP BY ALL
)
SELECT wave_id, member_id, first_sued_on, case_id, brand, city_code, sector_code
FROM firsts
WHERE first_month BETWEEN start_month AND end_month
ORDER BY wave_id, member_id
