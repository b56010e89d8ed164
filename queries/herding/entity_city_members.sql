-- Members newly named per case and city by each rights holder ('brand') and law firm ('firm'): a
-- member counts in the first case of that entity naming it (ties on a day by case id), in its own
-- city (members without a city left out), by the member's top sector (null where neither the
-- defendant nor the case gives one). brand_age as in entity_case_members. Columns:
-- entity_kind, entity, month, case_id, city_code, sector_top, new_members, brand_age.
-- access: analyst leadership
WITH firsts AS (
    SELECT 'brand' AS entity_kind, brand AS entity, member_id,
           arg_min(case_id, (filed_on, case_id)) AS case_id, min(month) AS month, any_value(city_code) AS city_code,
           any_value(sector_top) AS sector_top, brand AS case_brand
    FROM defendant_facts
    WHERE member_id IS NOT NULL AND brand IS NOT NULL
    GROUP BY brand, member_id
    UNION ALL
    SELECT 'firm', law_firm, member_id, arg_min(case_id, (filed_on, case_id)), min(month), any_value(city_code),
           any_value(sector_top), arg_min(brand, (filed_on, case_id))
    FROM defendant_facts
    WHERE member_id IS NOT NULL AND law_firm IS NOT NULL
    GROUP BY law_firm, member_id
),
brand_starts AS (
    SELECT brand, min(month) AS first_month FROM defendant_facts WHERE brand IS NOT NULL GROUP BY brand
)
SELECT entity_kind, entity, month, case_id, city_code, sector_top, count(*)::INTEGER AS new_members,
       datediff('month', any_value(s.first_month), month)::INTEGER AS brand_age
FROM firsts LEFT JOIN brand_starts AS s ON s.brand = firsts.case_brand
WHERE city_code IS NOT NULL
GROUP BY entity_kind, entity, month, case_id, city_code, sector_top
ORDER BY ALL
