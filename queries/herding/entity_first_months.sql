-- The month of each rights holder's and law firm's first case (naming members or not): where its
-- history starts. Columns: entity_kind, entity, first_month.
-- access: analyst leadership
SELECT 'brand' AS entity_kind, brand AS entity, min(month) AS first_month
FROM defendant_facts WHERE brand IS NOT NULL GROUP BY brand
UNION ALL
SELECT 'firm' AS entity_kind, law_firm AS entity, min(month) AS first_month
FROM defendant_facts WHERE law_firm IS NOT NULL GROUP BY law_firm
ORDER BY entity_kind, entity
