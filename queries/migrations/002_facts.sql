-- Schema version 2: reference lists and a key/value meta table (data version, demo flag).
-- The derived layer (defendant_facts and its filter macro) is rebuilt by
-- queries/rebuild_facts.sql after every migration and import.
CREATE TABLE IF NOT EXISTS meta (
    key   VARCHAR PRIMARY KEY,
    value VARCHAR
);

ALTER TABLE cities ADD COLUMN IF NOT EXISTS in_guangdong BOOLEAN;

CREATE TABLE IF NOT EXISTS districts (
    city_code VARCHAR NOT NULL,
    district  VARCHAR PRIMARY KEY,  -- adcode of a district/county, or a town code in Dongguan/Zhongshan
    name_zh   VARCHAR NOT NULL,
    name_en   VARCHAR NOT NULL
);

CREATE TABLE IF NOT EXISTS platforms (
    platform VARCHAR PRIMARY KEY,
    name_zh  VARCHAR NOT NULL,
    name_en  VARCHAR NOT NULL
);

CREATE TABLE IF NOT EXISTS courts (
    court   VARCHAR PRIMARY KEY,
    country VARCHAR NOT NULL,
    name_zh VARCHAR NOT NULL,
    name_en VARCHAR NOT NULL
);

CREATE TABLE IF NOT EXISTS codes (
    domain  VARCHAR NOT NULL,   -- ip_type | case_kind | outcome | event_kind
    code    VARCHAR NOT NULL,
    name_zh VARCHAR NOT NULL,
    name_en VARCHAR NOT NULL,
    PRIMARY KEY (domain, code)
);


