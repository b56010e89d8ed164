-- Late followers: members a rights holder sued after its first suit against any member (a
-- warning was public by then). One row per (brand, member). Columns: brand, member_id,
-- first_sued_on, brand_first_on, days_after, case_id (the member's first case of that brand).
-- access: analyst
WITH firsts AS (
    SELECT brand, member_id, min(filed_on) AS first_sued_on, arg_min(case_id, filed_on) AS case_id
    FROM defendant_facts
    WHERE member_id IS NOT NULL AND brand IS NOT NULL
    GROUP BY brand, member_id
),
brand_firsts AS (
    SELECT brand, min(first_sued_on) AS brand_first_on FROM firsts GROUP BY brand
)
SELECT f.brand, f.member_id, f.first_sued_on, b.brand_first_on,
       datediff('day', b.brand_first_on, f.first_sued_on)::INTEGER AS days_after, f.case_id
FROM firsts f
JOIN brand_firsts b USING (brand)
WHERE f.first_sued_on > b.brand_first_on
ORDER BY f.brand, f.first_sued_on, f.member_id
