-- Rights holders that have sued at least one member, with volume and recency as of $last_month
-- (the data's last month). Columns: brand, plaintiffs, law_firms, sectors (top-level sectors of
-- its cases), first_suit, last_suit, cases, members_sued, members_last_12m.
-- access: analyst leadership
WITH members_sued AS (
    SELECT brand,
           count(DISTINCT member_id)::INTEGER AS members_sued,
           count(DISTINCT member_id) FILTER (WHERE month > $last_month - INTERVAL 12 MONTH)::INTEGER AS members_last_12m
    FROM defendant_facts
    WHERE member_id IS NOT NULL AND brand IS NOT NULL
    GROUP BY brand
)
SELECT c.brand,
       list_sort(list_distinct(list(c.plaintiff))) AS plaintiffs,
       list_sort(list_distinct(list(c.law_firm))) AS law_firms,
       list_sort(list_distinct(list(coalesce(s.parent_code, c.sector_code)))) AS sectors,
       min(c.filed_on) AS first_suit,
       max(c.filed_on) AS last_suit,
       count(*)::INTEGER AS cases,
       any_value(m.members_sued) AS members_sued,
       any_value(m.members_last_12m) AS members_last_12m
FROM cases c
JOIN members_sued m USING (brand)
LEFT JOIN sectors s ON s.sector_code = c.sector_code
GROUP BY c.brand
ORDER BY c.brand
