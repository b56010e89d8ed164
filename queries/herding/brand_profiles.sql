-- Rights holders that have sued at least one member, with volume and recency as of $last_month
-- (the data's last month). Columns: brand, plaintiffs, law_firms, sectors, first_suit, last_suit,
-- cases, members_sued, members_last_12m.
-- access: analyst leadership
SELECT brand,
       list_sort(list_distinct(list(plaintiff))) AS plaintiffs,
       list_sort(list_distinct(list(law_firm))) AS law_firms,
       list_sort(list_distinct(list(sector_top))) AS sectors,
       min(filed_on) AS first_suit,
       max(filed_on) AS last_suit,
       count(DISTINCT case_id)::INTEGER AS cases,
       count(DISTINCT member_id)::INTEGER AS members_sued,
       count(DISTINCT member_id) FILTER (WHERE month > $last_month - INTERVAL 12 MONTH)::INTEGER AS members_last_12m
FROM defendant_facts
WHERE brand IS NOT NULL
GROUP BY brand
HAVING members_sued > 0
ORDER BY brand
