-- Members newly sued per month by each rights holder (entity_kind 'brand') and each law firm
-- ('firm'): a member counts in the month of the first case of that entity naming it.
-- Columns: entity_kind, entity, month, new_members.
-- access: analyst leadership
WITH firsts AS (
    SELECT 'brand' AS entity_kind, brand AS entity, member_id, min(month) AS month
    FROM defendant_facts
    WHERE member_id IS NOT NULL AND brand IS NOT NULL
    GROUP BY brand, member_id
    UNION ALL
    SELECT 'firm' AS entity_kind, law_firm AS entity, member_id, min(month) AS month
    FROM defendant_facts
    WHERE member_id IS NOT NULL AND law_firm IS NOT NULL
    GROUP BY law_firm, member_id
)
SELECT entity_kind, entity, month, count(*)::INTEGER AS new_members
FROM firsts
GROUP BY entity_kind, entity, month
ORDER BY entity_kind, entity, month
