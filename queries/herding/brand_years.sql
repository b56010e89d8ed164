-- Rights-holder years observed: each brand from its first case's month to the data's last month,
-- summed, in years. Columns: brands, brand_years.
-- access: analyst leadership
WITH spans AS (
    SELECT brand, min(month) AS first_month FROM defendant_facts WHERE brand IS NOT NULL GROUP BY brand
)
SELECT count(*)::INTEGER AS brands,
       coalesce(sum(datediff('month', first_month, (SELECT max(month) FROM defendant_facts)) + 1), 0) / 12.0
         AS brand_years
FROM spans
