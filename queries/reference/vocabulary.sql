-- Every coded value the filters and captions know: columns (domain, code, name_zh, name_en),
-- domains city, sector, platform, court, and the codes table's (ip_type, case_kind, outcome, ...).
-- access: analyst leadership member
SELECT 'city' AS domain, city_code AS code, name_zh, name_en FROM cities
UNION ALL
SELECT 'sector', sector_code, name_zh, name_en FROM sectors
UNION ALL
SELECT 'platform', platform, name_zh, name_en FROM platforms
UNION ALL
SELECT 'court', court, name_zh, name_en FROM courts
UNION ALL
SELECT domain, code, name_zh, name_en FROM codes
ORDER BY domain, code
