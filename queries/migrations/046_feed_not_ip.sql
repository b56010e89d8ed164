-- Schema version 46: a docket the feed fetched and found not to be an IP case (its nature of suit
-- not 820/830/835/840, its caption not Schedule A) stays in feed_queue with status 'not_ip' and
-- the reason in last_error, like a rejected one: it is not imported, and waits for a newer
-- version of itself (a newer search timestamp, or a webhook naming it) rather than being fetched
-- again by every search that reads it; and a docket queued by the follow-up checks of version 47
-- has reason 'follow'. DuckDB cannot change a CHECK in place: the table is rebuilt once, with the
-- same columns, for both.
CREATE TABLE feed_queue_v46 (
    docket_id      BIGINT PRIMARY KEY,
    date_filed     DATE,
    seen_timestamp VARCHAR,
    reason         VARCHAR NOT NULL CHECK (reason IN ('search', 'webhook', 'follow')),
    enqueued_at    TIMESTAMP NOT NULL,
    status         VARCHAR NOT NULL DEFAULT 'waiting' CHECK (status IN ('waiting', 'rejected', 'not_ip')),
    attempts       INTEGER NOT NULL DEFAULT 0,
    last_error     VARCHAR
);
INSERT INTO feed_queue_v46 BY NAME SELECT * FROM feed_queue ORDER BY docket_id;
DROP TABLE feed_queue;
ALTER TABLE feed_queue_v46 RENAME TO feed_queue;
