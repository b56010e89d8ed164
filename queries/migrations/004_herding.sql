-- Schema version 4: the herding radar's cache (casewatch/herding.py). refresh() replaces every
-- row after each import; each row carries the data version it was computed at, and herding_runs
-- keeps one line per computation so the page can tell a fresh cache from a stale one.
CREATE TABLE IF NOT EXISTS herding_runs (
    run_id       INTEGER NOT NULL,
    data_version INTEGER NOT NULL,
    computed_at  TIMESTAMP NOT NULL,
    seconds      DOUBLE,
    first_month  DATE,
    last_month   DATE,
    waves        INTEGER,
    cohorts      INTEGER,
    settings     VARCHAR  -- JSON of the detector settings used
);

-- One row per detected wave (pattern 'wave') or cohort re-suit (pattern 'cohort') of a rights
-- holder (entity_kind 'brand') or a law firm ('firm').
CREATE TABLE IF NOT EXISTS herding_waves (
    run_id        INTEGER NOT NULL,
    wave_id       VARCHAR NOT NULL,
    entity_kind   VARCHAR NOT NULL,
    entity        VARCHAR NOT NULL,
    pattern       VARCHAR NOT NULL,
    trigger       VARCHAR NOT NULL,   -- spike | buildup | new
    start_month   DATE NOT NULL,
    end_month     DATE NOT NULL,
    months        INTEGER NOT NULL,
    members_hit   INTEGER NOT NULL,
    peak_members  INTEGER NOT NULL,
    baseline_mean DOUBLE,
    p_value       DOUBLE,
    cusum         DOUBLE,
    burst_start   DATE,
    burst_end     DATE,
    overlap       DOUBLE,             -- best Jaccard with the members of one other case
    active        BOOLEAN NOT NULL,
    cases         INTEGER,
    top_cities    VARCHAR[],
    top_sectors   VARCHAR[]
);

CREATE TABLE IF NOT EXISTS herding_wave_members (
    run_id        INTEGER NOT NULL,
    wave_id       VARCHAR NOT NULL,
    member_id     VARCHAR NOT NULL,
    first_sued_on DATE,
    case_id       VARCHAR
);

-- LSV herding per cell (a city or a top-level sector) and month, over the rights holders active there.
CREATE TABLE IF NOT EXISTS herding_heat (
    run_id        INTEGER NOT NULL,
    dimension     VARCHAR NOT NULL,   -- city | sector
    cell          VARCHAR NOT NULL,
    month         DATE NOT NULL,
    members_sued  INTEGER NOT NULL,
    brands        INTEGER NOT NULL,
    mean_h        DOUBLE,
    alerts        INTEGER NOT NULL
);

-- The (cell, rights holder, month) LSV tests that survived Benjamini-Hochberg.
CREATE TABLE IF NOT EXISTS herding_lsv (
    run_id     INTEGER NOT NULL,
    dimension  VARCHAR NOT NULL,
    cell       VARCHAR NOT NULL,
    brand      VARCHAR NOT NULL,
    month      DATE NOT NULL,
    k          INTEGER NOT NULL,
    n          INTEGER NOT NULL,
    p_bar      DOUBLE NOT NULL,
    h          DOUBLE NOT NULL,
    p_value    DOUBLE NOT NULL
);

CREATE TABLE IF NOT EXISTS herding_location (
    run_id       INTEGER NOT NULL,
    dimension    VARCHAR NOT NULL,
    cell         VARCHAR NOT NULL,
    members      INTEGER NOT NULL,
    members_sued INTEGER NOT NULL,
    lq           DOUBLE
);

CREATE TABLE IF NOT EXISTS herding_concentration (
    run_id              INTEGER NOT NULL,
    sector_code         VARCHAR NOT NULL,
    defendant_instances INTEGER NOT NULL,
    brands              INTEGER NOT NULL,
    hhi                 DOUBLE,
    hhi_norm            DOUBLE,
    gini                DOUBLE,
    top_brand           VARCHAR,
    top_share           DOUBLE
);

CREATE TABLE IF NOT EXISTS herding_cohorts (
    run_id       INTEGER NOT NULL,
    cohort_id    INTEGER NOT NULL,
    size         INTEGER NOT NULL,
    cases        INTEGER NOT NULL,   -- cases naming at least two of its members
    brands       INTEGER NOT NULL,
    first_sued   DATE,
    last_sued    DATE,
    top_city     VARCHAR,
    local_share  DOUBLE,             -- share of members in top_city ("local herd")
    cities       VARCHAR[],
    sectors      VARCHAR[],
    top_brands   VARCHAR[]
);

CREATE TABLE IF NOT EXISTS herding_cohort_members (
    run_id    INTEGER NOT NULL,
    cohort_id INTEGER NOT NULL,
    member_id VARCHAR NOT NULL,
    partners  INTEGER NOT NULL,      -- kept pairs inside the cohort
    strength  DOUBLE NOT NULL        -- sum of their projection weights
);

CREATE TABLE IF NOT EXISTS herding_cohort_edges (
    run_id    INTEGER NOT NULL,
    cohort_id INTEGER NOT NULL,
    member_a  VARCHAR NOT NULL,
    member_b  VARCHAR NOT NULL,
    cases     INTEGER NOT NULL,
    weight    DOUBLE NOT NULL
);

CREATE TABLE IF NOT EXISTS herding_late_followers (
    run_id         INTEGER NOT NULL,
    brand          VARCHAR NOT NULL,
    member_id      VARCHAR NOT NULL,
    first_sued_on  DATE NOT NULL,
    brand_first_on DATE NOT NULL,
    days_after     INTEGER NOT NULL,
    case_id        VARCHAR
);

-- Rights holders that have sued members: the risk-brand list (no member-level data).
CREATE TABLE IF NOT EXISTS herding_brands (
    run_id           INTEGER NOT NULL,
    brand            VARCHAR NOT NULL,
    plaintiffs       VARCHAR[],
    law_firms        VARCHAR[],
    sectors          VARCHAR[],
    first_suit       DATE,
    last_suit        DATE,
    cases            INTEGER,
    members_sued     INTEGER,
    members_last_12m INTEGER,
    late_followers   INTEGER,
    waves            INTEGER,
    active_wave      BOOLEAN
);
