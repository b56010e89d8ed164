-- Members newly named per case and city by each rights holder ('brand') and law firm ('firm'): a
-- member counts in the first case of that entity naming it (ties on a day by case id), in its own
-- city (members without a city left out). Columns: entity_kind, entity, month, case_id, city_code,
-- new_members.
-- access: analyst leadership
WITH firsts AS (
    SELECT 'brand' AS entity_kind, brand AS entity, member_id,
           arg_min(case_id, (filed_on, case_id)) AS case_id, min(month) AS month, any_value(city_code) AS city_code
    FROM defendant_facts
    WHERE member_id IS NOT NULL AND brand IS NOT NULL
    GROUP BY brand, member_id
    UNION ALL
    SELECT 'firm', law_firm, member_id, arg_min(case_id, (filed_on, case_id)), min(month), any_value(city_code)
    FROM defendant_facts
    WHERE member_id IS NOT NULL AND law_firm IS NOT NULL
    GROUP BY law_firm, member_id
)
SELECT entity_kind, entity, month, case_id, city_code, count(*)::INTEGER AS new_members
FROM firsts
WHERE city_code IS NOT NULL
GROUP BY ALL
ORDER BY ALL
