-- Brands and law firms to offer in the filter pickers, most frequent first, at most $limit each:
-- columns (field, value, cases) with field 'brand' or 'firm'.
-- access: analyst leadership member
(SELECT 'brand' AS field, brand AS value, count(*) AS cases
 FROM cases WHERE brand IS NOT NULL GROUP BY brand ORDER BY cases DESC, brand LIMIT $limit)
UNION ALL
(SELECT 'firm', law_firm, count(*) AS cases
 FROM cases WHERE law_firm IS NOT NULL GROUP BY law_firm ORDER BY cases DESC, law_firm LIMIT $limit)
