-- Schema version 6: member_links without a primary key. Its ART index cost a 1M-row import about
-- 0.3 s of its 7.6 s (half a million links written; docs/benchmarks.md) and must fit in memory,
-- while no query needs it: pages and the review queue scan the table. The key (case_id,
-- defendant_no, member_id) stays unique: imports replace the links of the defendants they match
-- and update a given member's link in place (matching/write_links.sql, given_links.sql), and,
-- before they commit, check that no key is held twice (queries/ingest/duplicate_keys.sql).
-- defendants keeps its primary key: the data contract (DESIGN.md) declares it.
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
