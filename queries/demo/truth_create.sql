-- Demo generator: the planted truth, one row per member of each planted item (kind 'wave' or
-- 'cohort'). city_code / sector_code are the item's focal city and top-level sector; brand is
-- the wave's brand (NULL for a cohort, whose cases have different brands); months are first days.
CREATE TABLE IF NOT EXISTS demo_truth (
    kind        VARCHAR NOT NULL,
    truth_id    VARCHAR NOT NULL,
    brand       VARCHAR,
    start_month DATE,
    end_month   DATE,
    city_code   VARCHAR,
    sector_code VARCHAR,
    member_id   VARCHAR
)
