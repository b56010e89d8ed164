-- access: analyst
-- Builds temp table intake_vocab(domain, alias, code, city_code): every accepted spelling (code,
-- Chinese or English name, lower case, no spaces) of the reference values a file may use - a name
-- also without its bracketed note ("小型(10-49人)" -> "小型", "临时禁令(TRO)" -> "临时禁令") and each
-- part of a name with a slash ("撤诉/驳回" -> "撤诉", "驳回"), a US district court also as The
-- Bluebook abbreviates it, as captions and citations name it ("N.D. Illinois" -> "N.D. Ill.",
-- "D. New Jersey" -> "D.N.J."); an alias that would name two codes of one domain is dropped.
-- Returns nothing.
CREATE OR REPLACE TEMP TABLE intake_vocab AS
WITH names AS (
    SELECT domain, code, name FROM codes, unnest([name_zh, name_en]) AS t(name) WHERE name IS NOT NULL
),
-- The Bluebook's abbreviations of the states (table T10), for district courts named "N.D. Illinois"
bluebook(state_name, abbreviation) AS (
    VALUES ('Alabama', 'Ala.'), ('Alaska', 'Alaska'), ('Arizona', 'Ariz.'), ('Arkansas', 'Ark.'),
           ('California', 'Cal.'), ('Colorado', 'Colo.'), ('Connecticut', 'Conn.'), ('Delaware', 'Del.'),
           ('District of Columbia', 'D.C.'), ('Florida', 'Fla.'), ('Georgia', 'Ga.'), ('Hawaii', 'Haw.'),
           ('Idaho', 'Idaho'), ('Illinois', 'Ill.'), ('Indiana', 'Ind.'), ('Iowa', 'Iowa'), ('Kansas', 'Kan.'),
           ('Kentucky', 'Ky.'), ('Louisiana', 'La.'), ('Maine', 'Me.'), ('Maryland', 'Md.'),
           ('Massachusetts', 'Mass.'), ('Michigan', 'Mich.'), ('Minnesota', 'Minn.'), ('Mississippi', 'Miss.'),
           ('Missouri', 'Mo.'), ('Montana', 'Mont.'), ('Nebraska', 'Neb.'), ('Nevada', 'Nev.'),
           ('New Hampshire', 'N.H.'), ('New Jersey', 'N.J.'), ('New Mexico', 'N.M.'), ('New York', 'N.Y.'),
           ('North Carolina', 'N.C.'), ('North Dakota', 'N.D.'), ('Ohio', 'Ohio'), ('Oklahoma', 'Okla.'),
           ('Oregon', 'Or.'), ('Pennsylvania', 'Pa.'), ('Puerto Rico', 'P.R.'), ('Rhode Island', 'R.I.'),
           ('South Carolina', 'S.C.'), ('South Dakota', 'S.D.'), ('Tennessee', 'Tenn.'), ('Texas', 'Tex.'),
           ('Utah', 'Utah'), ('Vermont', 'Vt.'), ('Virginia', 'Va.'), ('Washington', 'Wash.'),
           ('West Virginia', 'W. Va.'), ('Wisconsin', 'Wis.'), ('Wyoming', 'Wyo.')
),
districts_named AS (
    SELECT court, regexp_extract(name_en, '^((?:[NSEWCM]\.)?D\.) (.+)$', ['district', 'state']) AS part
    FROM courts WHERE name_en IS NOT NULL
),
spelled AS (
    SELECT domain, code AS alias, code, NULL AS city_code FROM codes
    UNION ALL SELECT domain, name, code, NULL FROM names
    UNION ALL SELECT domain, regexp_replace(name, '\s*[(（][^)）]*[)）]\s*$', ''), code, NULL FROM names
    UNION ALL SELECT domain, unnest(string_split(name, '/')), code, NULL FROM names WHERE contains(name, '/')
    UNION ALL SELECT 'platform', platform, platform, NULL FROM platforms
    UNION ALL SELECT 'platform', name_zh, platform, NULL FROM platforms
    UNION ALL SELECT 'platform', name_en, platform, NULL FROM platforms
    UNION ALL SELECT 'court', court, court, NULL FROM courts
    UNION ALL SELECT 'court', name_zh, court, NULL FROM courts
    UNION ALL SELECT 'court', name_en, court, NULL FROM courts
    UNION ALL SELECT 'court', d.part.district || ' ' || b.abbreviation, d.court, NULL
              FROM districts_named d JOIN bluebook b ON b.state_name = d.part.state
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
