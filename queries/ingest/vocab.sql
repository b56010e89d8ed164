-- access: analyst
-- Builds temp table intake_vocab(domain, alias, code, city_code): every accepted spelling (code,
-- Chinese or English name, lower case, no spaces) of the reference values a file may use; an
-- alias that would name two codes of one domain is dropped. Returns nothing.
CREATE OR REPLACE TEMP TABLE intake_vocab AS
WITH spelled AS (
    SELECT domain, code AS alias, code, NULL AS city_code FROM codes
    UNION ALL SELECT domain, name_zh, code, NULL FROM codes
    UNION ALL SELECT domain, name_en, code, NULL FROM codes
    UNION ALL SELECT 'platform', platform, platform, NULL FROM platforms
    UNION ALL SELECT 'platform', name_zh, platform, NULL FROM platforms
    UNION ALL SELECT 'platform', name_en, platform, NULL FROM platforms
    UNION ALL SELECT 'court', court, court, NULL FROM courts
    UNION ALL SELECT 'court', name_zh, court, NULL FROM courts
    UNION ALL SELECT 'court', name_en, court, NULL FROM courts
    UNION ALL SELECT 'country', country, country, NULL FROM courts
    UNION ALL SELECT 'sector', sector_code, sector_code, NULL FROM sectors
    UNION ALL SELECT 'sector', name_zh, sector_code, NULL FROM sectors
    UNION ALL SELECT 'sector', name_en, sector_code, NULL FROM sectors
    UNION ALL SELECT 'city', city_code, city_code, city_code FROM cities
    UNION ALL SELECT 'city', name_zh, city_code, city_code FROM cities
    UNION ALL SELECT 'city', name_zh || '市', city_code, city_code FROM cities
    UNION ALL SELECT 'city', name_en, city_code, city_code FROM cities
    UNION ALL SELECT 'district', district, district, city_code FROM districts
    UNION ALL SELECT 'district', name_zh, district, city_code FROM districts
    UNION ALL SELECT 'district', regexp_replace(name_zh, '[区县市]$', ''), district, city_code FROM districts
    UNION ALL SELECT 'district', name_en, district, city_code FROM districts
    UNION ALL SELECT 'district', name_en || 'district', district, city_code FROM districts
)
SELECT domain, alias, any_value(code) AS code, any_value(city_code) AS city_code
FROM (SELECT DISTINCT domain, intake_alias(alias) AS alias, code, city_code FROM spelled WHERE alias IS NOT NULL)
GROUP BY domain, alias
HAVING count(DISTINCT code) = 1;
