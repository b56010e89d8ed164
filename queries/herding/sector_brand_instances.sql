-- Defendant instances per top-level sector and rights holder, for concentration indices.
-- Columns: sector_code, brand, defendant_instances.
-- access: analyst leadership
SELECT sector_top AS sector_code, brand, count(defendant_no)::INTEGER AS defendant_instances
FROM defendant_facts
WHERE sector_top IS NOT NULL AND brand IS NOT NULL AND defendant_no IS NOT NULL
GROUP BY ALL
ORDER BY sector_code, brand
