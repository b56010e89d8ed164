-- Members newly named per case by each rights holder ('brand') and law firm ('firm'): a member
-- counts in the first case of that entity naming it (ties on a day by case id). Only cases that
-- name someone new appear. brand_age: months from the first case of the case's rights holder to
-- the case (0 in its first month; null when the case names none). Columns: entity_kind, entity,
-- month, case_id, new_members, brand_age.
-- access: analyst leadership
WITH firsts AS (
    SELECT 'brand' AS entity_kind, brand AS entity, member_id,
           arg_min(case_id, (filed_on, case_id)) AS case_id, min(month) AS month, brand AS case_brand
    FROM defendant_facts
    WHERE member_id IS NOT NULL AND brand IS NOT NULL
    GROUP BY brand, member_id
    UNION ALL
    SELECT 'firm', law_firm, member_id, arg_min(case_id, (filed_on, case_id)), min(month),
           arg_min(brand, (filed_on, case_id))
    FROM defendant_facts
    WHERE member_id IS NOT NULL AND law_firm IS NOT NULL
    GROUP BY law_firm, member_id
),
brand_starts AS (
    SELECT brand, min(month) AS first_month FROM defendant_facts WHERE brand IS NOT NULL GROUP BY brand
)
SELECT entity_kind, entity, month, case_id, count(*)::INTEGER AS new_members,
       datediff('month', any_value(s.first_month), month)::INTEGER AS brand_age
FROM firsts LEFT JOIN brand_starts AS s ON s.brand = firsts.case_brand
GROUP BY entity_kind, entity, month, case_id
ORDER BY ALL
