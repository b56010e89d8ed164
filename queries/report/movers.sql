-- Top movers of the brief: per dimension (city, sector, brand, firm), the values whose defendant
-- instances rose most from the month before $month to $month, under the global filters (pass
-- $date_from = the previous month's first day, $date_to = the last day of $month, or today for the
-- current month, and $previous_to = the last day of the previous month, or for the current month
-- the same day of it: month to date compares like with like). At most $limit rows per dimension,
-- only values that rose. Columns: dimension, code, name_zh, name_en (the code itself for brands
-- and firms), current (defendant instances in $month), previous (in the month before, up to
-- $previous_to), increase (current - previous), cases (distinct cases in $month).
-- Sectors are top-level sectors; defendants of unknown location count under city '000000'.
-- access: analyst leadership
WITH facts AS (
    SELECT month, case_id, defendant_no, city_code, sector_top, brand, law_firm
    FROM filtered_facts($date_from, $date_to, $cities, $sectors, $platforms, $ips, $kinds, $courts, $brands, $firms, $members_only)
    WHERE defendant_no IS NOT NULL
      AND (month = $month OR filed_on <= $previous_to)
),
per_value AS (
    SELECT 'city' AS dimension, city_code AS code,
           count(*) FILTER (WHERE month = $month) AS current,
           count(*) FILTER (WHERE month < $month) AS previous,
           count(DISTINCT case_id) FILTER (WHERE month = $month) AS cases
    FROM facts GROUP BY city_code
    UNION ALL
    SELECT 'sector', sector_top,
           count(*) FILTER (WHERE month = $month), count(*) FILTER (WHERE month < $month),
           count(DISTINCT case_id) FILTER (WHERE month = $month)
    FROM facts WHERE sector_top IS NOT NULL GROUP BY sector_top
    UNION ALL
    SELECT 'brand', brand,
           count(*) FILTER (WHERE month = $month), count(*) FILTER (WHERE month < $month),
           count(DISTINCT case_id) FILTER (WHERE month = $month)
    FROM facts WHERE brand IS NOT NULL GROUP BY brand
    UNION ALL
    SELECT 'firm', law_firm,
           count(*) FILTER (WHERE month = $month), count(*) FILTER (WHERE month < $month),
           count(DISTINCT case_id) FILTER (WHERE month = $month)
    FROM facts WHERE law_firm IS NOT NULL GROUP BY law_firm
)
SELECT v.dimension,
       v.code,
       coalesce(c.name_zh, s.name_zh, v.code) AS name_zh,
       coalesce(c.name_en, s.name_en, v.code) AS name_en,
       v.current,
       v.previous,
       v.current - v.previous AS increase,
       v.cases
FROM per_value v
LEFT JOIN cities c ON v.dimension = 'city' AND c.city_code = v.code
LEFT JOIN sectors s ON v.dimension = 'sector' AND s.sector_code = v.code
WHERE v.current > v.previous
QUALIFY row_number() OVER (PARTITION BY v.dimension ORDER BY v.current - v.previous DESC, v.current DESC, v.code) <= $limit
ORDER BY CASE v.dimension WHEN 'city' THEN 1 WHEN 'sector' THEN 2 WHEN 'brand' THEN 3 ELSE 4 END,
         increase DESC, v.current DESC, v.code
