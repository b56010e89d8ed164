-- Newcomers per month under the global filters: one row per month from $date_from to $date_to
-- (zeros included). Columns: month, new_plaintiffs, new_brands, new_law_firms (those whose first
-- case under the same non-date filters, searched over all dates up to $date_to, was filed that
-- month), active_brands (distinct brands with a case that month within the filters).
-- access: analyst leadership
WITH combos AS (
    -- one pass over the history: plaintiff, brand and firm come together per case, so the first
    -- month of each is the minimum over its combinations
    SELECT plaintiff, brand, law_firm, min(month) AS first_month
    FROM filtered_facts(DATE '2000-01-01', $date_to, $cities, $sectors, $platforms, $ips, $kinds, $courts,
                        $brands, $firms, $members_only)
    GROUP BY ALL
),
firsts AS (
    SELECT 'plaintiff' AS party, min(first_month) AS month FROM combos WHERE plaintiff IS NOT NULL GROUP BY plaintiff
    UNION ALL
    SELECT 'brand', min(first_month) FROM combos WHERE brand IS NOT NULL GROUP BY brand
    UNION ALL
    SELECT 'law_firm', min(first_month) FROM combos WHERE law_firm IS NOT NULL GROUP BY law_firm
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
    FROM filtered_facts($date_from, $date_to, $cities, $sectors, $platforms, $ips, $kinds, $courts, $brands, $firms, $members_only)
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
