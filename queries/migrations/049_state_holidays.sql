-- Version 49: deadlines count the holidays of the court's state too (FRCP 6(a)(6)(C): "any other
-- day declared a holiday by the state where the district court is located", for periods counted in
-- days). Courts get their state (data/courts.csv; none for a forum outside the US district courts),
-- table state_court_days the days whose next court day in a state differs from the federal one
-- (casewatch/deadlines.py fills it with court_days), and frcp_due an optional court_state: a TRO
-- of N.D. Illinois ending on Lincoln's Birthday runs to the next day. Without a state it counts as
-- in version 44.
ALTER TABLE courts ADD COLUMN IF NOT EXISTS state VARCHAR;

CREATE TABLE IF NOT EXISTS state_court_days (
    state          VARCHAR NOT NULL,  -- a US state's postal code (IL)
    day            DATE NOT NULL,
    holiday        VARCHAR,           -- the state's holiday on this day, NULL on the days before one
    next_court_day DATE NOT NULL,     -- this day unless a Saturday, Sunday, federal or state holiday, else the next day that is none
    PRIMARY KEY (state, day)
);

CREATE OR REPLACE MACRO frcp_due(start_on, days, court_state := NULL) AS (
    SELECT coalesce(
        max(s.next_court_day),
        max(k.next_court_day),
        max(p.last_day + CASE dayofweek(p.last_day) WHEN 6 THEN 2 WHEN 0 THEN 1 ELSE 0 END))
    FROM (SELECT CAST(start_on AS DATE) + days AS last_day) p
    LEFT JOIN court_days k ON k.day = p.last_day
    LEFT JOIN state_court_days s ON s.state = court_state AND s.day = p.last_day
);

-- tro_expiry_after as in version 43, counted in the court's state.
CREATE OR REPLACE MACRO tro_expiry_after(extension, extended_to, entered_on, expired_on, tro_days, court_state := NULL) AS
    CASE WHEN extension AND extended_to IS NOT NULL THEN extended_to
         WHEN extension AND entered_on <= expired_on THEN frcp_due(expired_on, tro_days, court_state := court_state)
         ELSE greatest(expired_on, frcp_due(entered_on, tro_days, court_state := court_state)) END;

-- member_matters as in version 43, each period counted in the court's state (its holidays).
CREATE OR REPLACE MACRO member_matters(for_member, tro_days, answer_days) AS TABLE
WITH RECURSIVE mine AS (
    SELECT d.* FROM defendants d
    WHERE d.member_id IS NOT NULL AND (for_member IS NULL OR d.member_id = for_member)
),
case_states AS (
    SELECT c.case_id, k.state AS court_state
    FROM cases c LEFT JOIN courts k ON k.court = c.court
    WHERE c.case_id IN (SELECT case_id FROM mine)
),
matter_events AS (
    SELECT m.case_id, m.defendant_no, e.event_on, e.kind, e.detail
    FROM mine m
    JOIN events e
      ON e.case_id = m.case_id
     AND (e.defendant_no = m.defendant_no OR (e.defendant_no IS NULL AND e.partial IS NOT TRUE))
),
milestones AS (
    SELECT m.case_id,
           m.defendant_no,
           min(e.event_on) FILTER (WHERE e.kind = 'tro') AS tro_first_on,
           max(e.event_on) FILTER (WHERE e.kind = 'tro') AS tro_on,
           min(e.event_on) FILTER (WHERE e.kind = 'pi') AS pi_on,
           bool_or(e.kind IN ('default_judgment', 'settled', 'dismissed', 'closed')) AS ended_by_event
    FROM mine m
    LEFT JOIN matter_events e ON e.case_id = m.case_id AND e.defendant_no = m.defendant_no
    GROUP BY m.case_id, m.defendant_no
),
tro_orders AS (
    SELECT e.case_id, e.defendant_no, e.event_on, any_value(s.court_state) AS court_state,
           bool_and(tro_extension(e.detail)) AS extension,
           max(tro_extended_to(e.detail, e.event_on)) FILTER (WHERE tro_extension(e.detail)) AS extended_to,
           row_number() OVER (PARTITION BY e.case_id, e.defendant_no ORDER BY e.event_on) AS n
    FROM matter_events e
    LEFT JOIN case_states s ON s.case_id = e.case_id
    WHERE e.kind = 'tro'
    GROUP BY e.case_id, e.defendant_no, e.event_on
),
tro_expiry AS (
    SELECT case_id, defendant_no, n, frcp_due(event_on, tro_days, court_state := court_state) AS expires_on
    FROM tro_orders WHERE n = 1
    UNION ALL
    SELECT o.case_id, o.defendant_no, o.n, tro_expiry_after(o.extension, o.extended_to, o.event_on, x.expires_on, tro_days,
                                                    court_state := o.court_state)
    FROM tro_expiry x
    JOIN tro_orders o ON o.case_id = x.case_id AND o.defendant_no = x.defendant_no AND o.n = x.n + 1
),
tro_expires AS (
    SELECT case_id, defendant_no, arg_max(expires_on, n) AS tro_expires_on
    FROM tro_expiry GROUP BY case_id, defendant_no
),
dated AS (
    SELECT m.*,
           c.court, c.docket_number, c.case_name, c.filed_on, c.closed_on, c.plaintiff, c.brand, c.law_firm,
           s.tro_on,
           s.pi_on,
           coalesce(s.tro_first_on, c.filed_on) AS served_on,
           c.closed_on IS NULL
             AND NOT coalesce(s.ended_by_event, false)
             AND coalesce(m.outcome, 'pending') IN ('pending', 'tro', 'pi') AS open,
           x.tro_expires_on,
           cs.court_state
    FROM mine m
    JOIN cases c ON c.case_id = m.case_id
    JOIN milestones s ON s.case_id = m.case_id AND s.defendant_no = m.defendant_no
    LEFT JOIN tro_expires x ON x.case_id = m.case_id AND x.defendant_no = m.defendant_no
    LEFT JOIN case_states cs ON cs.case_id = m.case_id
)
SELECT d.* EXCLUDE (tro_expires_on, court_state),
       d.tro_expires_on,
       CASE WHEN d.pi_on IS NULL THEN d.tro_expires_on END AS pi_hearing_by,
       frcp_due(d.served_on, answer_days, court_state := d.court_state) AS answer_due_on
FROM dated d;
