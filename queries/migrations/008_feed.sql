-- Schema version 8: the live court feed (issue 18) - what `sync` has fetched, what it still has to
-- fetch, the requests it has spent, its runs and the webhook inbox. Times are UTC.

-- One row per CourtListener docket imported: the date_modified and search timestamp it had then.
CREATE TABLE IF NOT EXISTS feed_dockets (
    docket_id      BIGINT PRIMARY KEY,
    case_id        VARCHAR NOT NULL,
    date_filed     DATE,
    date_modified  VARCHAR,          -- as CourtListener wrote it (ISO 8601 with offset)
    seen_timestamp VARCHAR,          -- the search result's meta.timestamp when it was queued
    imported_at    TIMESTAMP NOT NULL,
    imports        INTEGER NOT NULL DEFAULT 1  -- how many times its content was imported
);

-- Dockets waiting to be fetched (newest filings first); a row leaves in the transaction of the
-- import that brings its docket in. status 'rejected': the docket failed validation; it waits
-- for a newer version of itself rather than blocking the queue.
CREATE TABLE IF NOT EXISTS feed_queue (
    docket_id      BIGINT PRIMARY KEY,
    date_filed     DATE,
    seen_timestamp VARCHAR,
    reason         VARCHAR NOT NULL CHECK (reason IN ('search', 'webhook')),
    enqueued_at    TIMESTAMP NOT NULL,
    status         VARCHAR NOT NULL DEFAULT 'waiting' CHECK (status IN ('waiting', 'rejected')),
    attempts       INTEGER NOT NULL DEFAULT 0,
    last_error     VARCHAR
);

-- Every request sent to CourtListener (written before it is sent): the request budget per
-- minute, hour and day is counted from here across runs and processes.
CREATE TABLE IF NOT EXISTS feed_requests (
    "at"   TIMESTAMP NOT NULL,
    path   VARCHAR NOT NULL
);

-- Cursor and settings of the feed: key -> value (search_since, search_next, last_search_at,
-- not_before, lock_*).
CREATE TABLE IF NOT EXISTS feed_state (
    key   VARCHAR PRIMARY KEY,
    value VARCHAR
);

CREATE TABLE IF NOT EXISTS feed_runs (
    run_id      INTEGER PRIMARY KEY,
    started_at  TIMESTAMP NOT NULL,
    finished_at TIMESTAMP,
    status      VARCHAR NOT NULL CHECK (status IN ('running', 'ok', 'partial', 'failed', 'interrupted', 'dry_run')),
    requests    INTEGER NOT NULL DEFAULT 0,
    searched    INTEGER NOT NULL DEFAULT 0,   -- search results read
    queued      INTEGER NOT NULL DEFAULT 0,   -- dockets put in the queue
    fetched     INTEGER NOT NULL DEFAULT 0,   -- dockets fetched
    imported    INTEGER NOT NULL DEFAULT 0,   -- dockets whose import changed the data
    skipped     INTEGER NOT NULL DEFAULT 0,   -- fetched but unchanged since the last import
    rejected    INTEGER NOT NULL DEFAULT 0,
    message     VARCHAR,
    error       VARCHAR
);

-- Webhook deliveries, once per Idempotency-Key; the dockets they name go to feed_queue in the
-- same transaction.
CREATE TABLE IF NOT EXISTS feed_inbox (
    idempotency_key VARCHAR PRIMARY KEY,
    received_at     TIMESTAMP NOT NULL,
    event_type      INTEGER,
    version         INTEGER,
    dockets         INTEGER NOT NULL,
    body            VARCHAR NOT NULL
);
