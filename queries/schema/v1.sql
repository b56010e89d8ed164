-- Schema version 1: the data contract of DESIGN.md. Later versions live in queries/migrations/.
CREATE TABLE IF NOT EXISTS schema_version (
    version    INTEGER NOT NULL,
    applied_at TIMESTAMP NOT NULL DEFAULT current_timestamp
);

CREATE TABLE IF NOT EXISTS cities (
    city_code VARCHAR PRIMARY KEY,
    name_zh   VARCHAR NOT NULL,
    name_en   VARCHAR NOT NULL,
    lat       DOUBLE,
    lon       DOUBLE
);

CREATE TABLE IF NOT EXISTS sectors (
    sector_code VARCHAR PRIMARY KEY,
    parent_code VARCHAR,
    name_zh     VARCHAR NOT NULL,
    name_en     VARCHAR NOT NULL
);

CREATE TABLE IF NOT EXISTS members (
    member_id   VARCHAR PRIMARY KEY,
    name_zh     VARCHAR,
    name_en     VARCHAR,
    city_code   VARCHAR,
    district    VARCHAR,
    sector_code VARCHAR,
    size_band   VARCHAR,
    joined_on   DATE,
    email       VARCHAR
);

CREATE TABLE IF NOT EXISTS member_stores (
    member_id  VARCHAR NOT NULL,
    platform   VARCHAR,
    store_name VARCHAR,
    seller_id  VARCHAR
);

CREATE TABLE IF NOT EXISTS cases (
    case_id         VARCHAR PRIMARY KEY,
    court           VARCHAR NOT NULL,
    country         VARCHAR NOT NULL DEFAULT 'US',
    docket_number   VARCHAR NOT NULL,
    case_name       VARCHAR,
    filed_on        DATE NOT NULL,
    closed_on       DATE,
    plaintiff       VARCHAR,
    brand           VARCHAR,
    law_firm        VARCHAR,
    ip_type         VARCHAR,
    case_kind       VARCHAR,
    sector_code     VARCHAR,
    nature_of_suit  VARCHAR,
    source          VARCHAR,
    source_ref      VARCHAR
);

CREATE TABLE IF NOT EXISTS defendants (
    case_id        VARCHAR NOT NULL,
    defendant_no   INTEGER NOT NULL,
    store_name     VARCHAR,
    platform       VARCHAR,
    seller_id      VARCHAR,
    member_id      VARCHAR,
    city_code      VARCHAR,
    district       VARCHAR,
    sector_code    VARCHAR,
    outcome        VARCHAR,
    frozen_usd     DOUBLE,
    settlement_usd DOUBLE,
    judgment_usd   DOUBLE,
    appeared       BOOLEAN,
    match_score    DOUBLE,
    PRIMARY KEY (case_id, defendant_no)
);

CREATE TABLE IF NOT EXISTS events (
    case_id      VARCHAR NOT NULL,
    event_on     DATE NOT NULL,
    kind         VARCHAR NOT NULL,
    defendant_no INTEGER,
    detail       VARCHAR
);

CREATE TABLE IF NOT EXISTS imports (
    import_id     INTEGER,
    "at"          TIMESTAMP,  -- quoted: AT is a keyword in DuckDB 2
    source_name   VARCHAR,
    sha256        VARCHAR,
    kind          VARCHAR,
    rows_in       INTEGER,
    rows_accepted INTEGER,
    rows_rejected INTEGER,
    status        VARCHAR,
    message       VARCHAR
);
