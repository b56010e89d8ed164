-- Schema version 6: defendants and member_links without a primary key. Their ART indexes cost a
-- 1M-row import 0.9 s of its 7.7 s (docs/benchmarks.md) and must fit in memory, while no query
-- needs them: pages scan these tables. The keys stay unique because imports compare and upsert on
-- them and, before they commit, check that no touched case holds a key twice
-- (queries/ingest/duplicate_keys.sql).
CREATE TABLE defendants_v6 (
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
    match_score    DOUBLE
);
INSERT INTO defendants_v6 BY NAME SELECT * FROM defendants ORDER BY case_id, defendant_no;
DROP TABLE defendants;
ALTER TABLE defendants_v6 RENAME TO defendants;

CREATE TABLE member_links_v6 (
    case_id      VARCHAR NOT NULL,
    defendant_no INTEGER NOT NULL,
    member_id    VARCHAR NOT NULL,
    method       VARCHAR NOT NULL,   -- given | seller_id | name | core | fuzzy
    score        DOUBLE NOT NULL,
    status       VARCHAR NOT NULL,
    subject      VARCHAR NOT NULL,
    linked_at    TIMESTAMP NOT NULL DEFAULT current_timestamp
);
INSERT INTO member_links_v6 BY NAME SELECT * FROM member_links ORDER BY case_id, defendant_no, member_id;
DROP TABLE member_links;
ALTER TABLE member_links_v6 RENAME TO member_links;
