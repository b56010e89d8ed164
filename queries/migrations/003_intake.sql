-- Schema version 3: data intake (issue 3). Member links with their method and score, the review
-- queue's analyst decisions (kept per store identity so they survive re-imports), aggregate
-- "Does 1-N" / Schedule A defendant rows awaiting a defendant list, and member addresses.
ALTER TABLE members ADD COLUMN IF NOT EXISTS address VARCHAR;

-- One row per (defendant, candidate member). status: given (member_id in the file), auto (score at
-- or above the auto-accept threshold), review (between the thresholds), accepted / rejected (an
-- analyst's decision). subject = the store identity a decision applies to.
CREATE TABLE IF NOT EXISTS member_links (
    case_id      VARCHAR NOT NULL,
    defendant_no INTEGER NOT NULL,
    member_id    VARCHAR NOT NULL,
    method       VARCHAR NOT NULL,   -- given | seller_id | name | core | fuzzy
    score        DOUBLE NOT NULL,
    status       VARCHAR NOT NULL,
    subject      VARCHAR NOT NULL,
    linked_at    TIMESTAMP NOT NULL DEFAULT current_timestamp,
    PRIMARY KEY (case_id, defendant_no, member_id)
);

CREATE TABLE IF NOT EXISTS match_decisions (
    subject    VARCHAR NOT NULL,
    member_id  VARCHAR NOT NULL,
    decision   VARCHAR NOT NULL,     -- accepted | rejected
    decided_at TIMESTAMP NOT NULL DEFAULT current_timestamp,
    decided_by VARCHAR,
    PRIMARY KEY (subject, member_id)
);

-- A docket's "Does 1-109" or "Partnerships ... on Schedule A" party: one defendants row that a
-- later defendant list for the case replaces.
CREATE TABLE IF NOT EXISTS aggregate_defendants (
    case_id      VARCHAR NOT NULL,
    defendant_no INTEGER NOT NULL,
    label        VARCHAR,
    PRIMARY KEY (case_id, defendant_no)
);
-- Set when a defendant list for the case replaced the aggregate row (a docket re-import then
-- leaves it out).
ALTER TABLE aggregate_defendants ADD COLUMN IF NOT EXISTS replaced_at TIMESTAMP;
