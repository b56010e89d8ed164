-- Rights-holder and law-firm years observed: each from its first case's month to the data's last
-- month, summed, in years. Columns: brands, brand_years, firms, firm_years.
-- access: analyst leadership
WITH last AS (SELECT max(month) AS last_month FROM defendant_facts),
brands AS (
    SELECT brand, min(month) AS first_month FROM defendant_facts WHERE brand IS NOT NULL GROUP BY brand
),
firms AS (
    SELECT law_firm, min(month) AS first_month FROM defendant_facts WHERE law_firm IS NOT NULL GROUP BY law_firm
)
SELECT (SELECT count(*) FROM brands)::INTEGER AS brands,
       coalesce((SELECT sum(datediff('month', first_month, last_month) + 1) FROM brands, last), 0) / 12.0
         AS brand_years,
       (SELECT count(*) FROM firms)::INTEGER AS firms,
       coalesce((SELECT sum(datediff('month', first_month, last_month) + 1) FROM firms, last), 0) / 12.0
         AS firm_years
