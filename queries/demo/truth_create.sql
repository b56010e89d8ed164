-- Demo generator: the planted truth, one row per member of each planted item (kind 'wave',
-- 'cohort' or 'decoy': activity that must not be flagged). shape: a wave's sudden | ramp |
-- multi_city | firm_led | surge | threshold, a decoy's scattered | small_cluster | ordinary_month
-- | seasonal (NULL for a cohort). entity_kind / entity: who leads it (the law firm of a firm-led
-- wave, else the brand); brand: the brand of the case naming the member (NULL for a cohort, whose
-- cases have different brands). city_code / sector_code: the item's focal city and top-level
-- sector; months are first days, sued_month the month the member was named.
CREATE TABLE IF NOT EXISTS demo_truth (
    kind        VARCHAR NOT NULL,
    truth_id    VARCHAR NOT NULL,
    shape       VARCHAR,
    entity_kind VARCHAR,
    entity      VARCHAR,
    brand       VARCHAR,
    start_month DATE,
    end_month   DATE,
    sued_month  DATE,
    city_code   VARCHAR,
    sector_code VARCHAR,
    member_id   VARCHAR
)
