-- Newcomers per month under the global filters: one row per month from $date_from to $date_to
-- (zeros included). Columns: month, new_plaintiffs, new_brands, new_law_firms (those whose first
-- case under the same non-date filters, searched over all dates up to $date_to, was filed that
-- month), active_brands (distinct brands filing that month).
-- access: analyst leadership
WITH facts AS (
    SELECT filed_on, month, plaintiff, brand, law_firm
    FROM filtered_facts(DATE '2000-01-01', $date_to, $cities, $sectors, $platforms, $ips, $kinds, $courts,
                        $brands, $firms, $members_only)
),
firsts AS (
    SELECT 'plaintiff' AS party, plaintiff AS name, min(month) AS month FROM facts WHERE plaintiff IS NOT NULL GROUP BY plaintiff
    UNION ALL
    SELECT 'brand', brand, min(month) FROM facts WHERE brand IS NOT NULL GROUP BY brand
    UNION ALL
    SELECT 'law_firm', law_firm, min(month) FROM facts WHERE law_firm IS NOT NULL GROUP BY law_firm
),
newcomers AS (
    SELECT month,
           count(*) FILTER (WHERE party = 'plaintiff') AS new_plaintiffs,
           count(*) FILTER (WHERE party = 'brand') AS new_brands,
           count(*) FILTER (WHERE party = 'law_firm') AS new_law_firms
    FROM firsts
    GROUP BY month
),
active AS (
    SELECT month, count(DISTINCT brand) AS active_brands
    FROM facts
    WHERE filed_on >= $date_from
    GROUP BY month
),
months AS (
    SELECT unnest(generate_series(date_trunc('month', $date_from::DATE),
                                  date_trunc('month', $date_to::DATE),
                                  INTERVAL 1 MONTH))::DATE AS month
)
SELECT m.month,
       coalesce(n.new_plaintiffs, 0) AS new_plaintiffs,
       coalesce(n.new_brands, 0) AS new_brands,
       coalesce(n.new_law_firms, 0) AS new_law_firms,
       coalesce(a.active_brands, 0) AS active_brands
FROM months m
LEFT JOIN newcomers n USING (month)
LEFT JOIN active a USING (month)
ORDER BY m.month
