-- Schema version 9: alerts and watch lists (issue 19).
-- court_days: the calendar Federal Rule of Civil Procedure 6(a)(1) counts on, one row per day of
-- 1980-2100 with the US federal legal holiday it is (the `holidays` package; reloaded with the
-- reference data, casewatch/deadlines.py) and the day a period ending on it runs to.
CREATE TABLE IF NOT EXISTS court_days (
    day            DATE PRIMARY KEY,
    holiday        VARCHAR,        -- the legal holiday's name, NULL on other days
    next_court_day DATE NOT NULL   -- this day unless a Saturday, Sunday or holiday, else the next day that is none
);

-- Recipients are 'member:<member_id>' or 'staff:<email>'. A channel is one way to reach one:
-- an e-mail address, or a group robot named by the secret that holds its key (the key itself lives
-- in .streamlit/secrets.toml or the environment, never here).
CREATE TABLE IF NOT EXISTS alert_channels (
    channel_id VARCHAR PRIMARY KEY,
    recipient  VARCHAR NOT NULL,
    kind       VARCHAR NOT NULL CHECK (kind IN ('email', 'wecom', 'dingtalk', 'feishu')),
    address    VARCHAR NOT NULL,
    lang       VARCHAR NOT NULL DEFAULT 'zh' CHECK (lang IN ('zh', 'en')),
    delivery   VARCHAR NOT NULL DEFAULT 'immediate' CHECK (delivery IN ('immediate', 'digest')),
    quiet_from SMALLINT CHECK (quiet_from BETWEEN 0 AND 23),  -- local hours (Asia/Shanghai) when nothing is sent
    quiet_to   SMALLINT CHECK (quiet_to BETWEEN 0 AND 23),
    active     BOOLEAN NOT NULL DEFAULT true,
    added_at   TIMESTAMP NOT NULL DEFAULT current_timestamp
);

CREATE TABLE IF NOT EXISTS watch_list (
    recipient VARCHAR NOT NULL,
    kind      VARCHAR NOT NULL CHECK (kind IN ('brand', 'plaintiff', 'law_firm', 'sector')),
    value     VARCHAR NOT NULL,
    added_at  TIMESTAMP NOT NULL DEFAULT current_timestamp,
    PRIMARY KEY (recipient, kind, value)
);

-- The outbox: one row per rule, subject and recipient, written in the transaction of the data it
-- is about (queries/alerts/compute_*.sql); alert_id = md5(rule|subject|recipient).
CREATE TABLE IF NOT EXISTS alerts (
    alert_id     VARCHAR PRIMARY KEY,
    rule         VARCHAR NOT NULL,   -- new_case | milestone | deadline | watch | review
    subject      VARCHAR NOT NULL,
    recipient    VARCHAR NOT NULL,
    member_id    VARCHAR,            -- a member recipient's id: the only member whose rows it may show
    case_id      VARCHAR,
    detail       VARCHAR,            -- milestone or deadline kind, watch kind=value, review store subject
    event_on     DATE,               -- the milestone's or the deadline's day
    due_on       DATE NOT NULL,      -- first day it may go out (a reminder's day)
    created_at   TIMESTAMP NOT NULL DEFAULT current_timestamp,
    data_version INTEGER,
    status       VARCHAR NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'sent', 'cancelled')),
    sent_at      TIMESTAMP
);

-- One row per alert and channel it goes to; an alert is sent when each of its rows is.
CREATE TABLE IF NOT EXISTS alert_deliveries (
    alert_id    VARCHAR NOT NULL,
    channel_id  VARCHAR NOT NULL,
    status      VARCHAR NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'sent')),
    attempts    INTEGER NOT NULL DEFAULT 0,
    next_try_at TIMESTAMP,
    sent_at     TIMESTAMP,
    PRIMARY KEY (alert_id, channel_id)
);

-- Every message tried, in the transaction that marks its alerts sent (or counts the attempt).
CREATE TABLE IF NOT EXISTS delivery_log (
    log_id     VARCHAR PRIMARY KEY,
    "at"       TIMESTAMP NOT NULL,
    channel_id VARCHAR NOT NULL,
    recipient  VARCHAR NOT NULL,
    kind       VARCHAR NOT NULL,
    alert_ids  VARCHAR[] NOT NULL,
    ok         BOOLEAN NOT NULL,
    error      VARCHAR,
    seconds    DOUBLE
);

-- The day a period of `days` days counted from `start_on` ends, FRCP 6(a)(1): leave out the day of
-- the event, count every day, and when the last day is a Saturday, Sunday or legal holiday run to
-- the next day that is none of these.
CREATE OR REPLACE MACRO frcp_due(start_on, days) AS (
    SELECT coalesce(max(k.next_court_day), CAST(start_on AS DATE) + days)
    FROM court_days k WHERE k.day = CAST(start_on AS DATE) + days
);

-- A member's matters (one row per defendant row linked to a member; every member's when
-- for_member is NULL) with their deadlines, as the My cases page and the alert rules both read
-- them: tro_expires_on = latest TRO + tro_days; pi_hearing_by = that while no PI is entered;
-- served_on = the first TRO (Schedule A courts authorise e-mail service in it), else the filing;
-- answer_due_on = served_on + answer_days; each counted by frcp_due. Events about another
-- defendant of the same case do not count.
CREATE OR REPLACE MACRO member_matters(for_member, tro_days, answer_days) AS TABLE
WITH mine AS (
    SELECT d.* FROM defendants d
    WHERE d.member_id IS NOT NULL AND (for_member IS NULL OR d.member_id = for_member)
),
milestones AS (
    SELECT m.case_id,
           m.defendant_no,
           min(e.event_on) FILTER (WHERE e.kind = 'tro') AS tro_first_on,
           max(e.event_on) FILTER (WHERE e.kind = 'tro') AS tro_on,
           min(e.event_on) FILTER (WHERE e.kind = 'pi') AS pi_on,
           bool_or(e.kind IN ('default_judgment', 'settled', 'dismissed', 'closed')) AS ended_by_event
    FROM mine m
    LEFT JOIN events e
      ON e.case_id = m.case_id AND (e.defendant_no IS NULL OR e.defendant_no = m.defendant_no)
    GROUP BY m.case_id, m.defendant_no
),
dated AS (
    SELECT m.*,
           c.court, c.docket_number, c.case_name, c.filed_on, c.closed_on, c.plaintiff, c.brand, c.law_firm,
           s.tro_on,
           s.pi_on,
           coalesce(s.tro_first_on, c.filed_on) AS served_on,
           c.closed_on IS NULL
             AND NOT coalesce(s.ended_by_event, false)
             AND coalesce(m.outcome, 'pending') IN ('pending', 'tro', 'pi') AS open
    FROM mine m
    JOIN cases c ON c.case_id = m.case_id
    JOIN milestones s ON s.case_id = m.case_id AND s.defendant_no = m.defendant_no
)
SELECT d.*,
       frcp_due(d.tro_on, tro_days) AS tro_expires_on,
       CASE WHEN d.pi_on IS NULL THEN frcp_due(d.tro_on, tro_days) END AS pi_hearing_by,
       frcp_due(d.served_on, answer_days) AS answer_due_on
FROM dated d;
