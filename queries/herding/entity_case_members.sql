-- Members newly named per case by each rights holder ('brand') and law firm ('firm'): a member
-- counts in the first case of that entity naming it (ties on a day by case id). Only cases that
-- name someone new appear. Columns: entity_kind, entity, month, case_id, new_members.
-- access: analyst leadership
WITH firsts AS (
    SELECT 'brand' AS entity_kind, brand AS entity, member_id,
           arg_min(case_id, (filed_on, case_id)) AS case_id, min(month) AS month
    FROM defendant_facts
    WHERE member_id IS NOT NULL AND brand IS NOT NULL
    GROUP BY brand, member_id
    UNION ALL
    SELECT 'firm', law_firm, member_id, arg_min(case_id, (filed_on, case_id)), min(month)
    FROM defendant_facts
    WHERE member_id IS NOT NULL AND law_firm IS NOT NULL
    GROUP BY law_firm, member_id
)
SELECT entity_kind, entity, month, case_id, count(*)::INTEGER AS new_members
FROM firsts
GROUP BY ALL
ORDER BY ALL
