-- Version 50: the FRCP deadlines (TRO expiry, FRCP 65(b)(2); PI hearing; answer due, FRCP 12(a)) are
-- counted for the US federal district courts alone: in table courts, country US with a state
-- (data/courts.csv). Those rules do not govern the other forums - courts outside the US (ewhc,
-- lgmuc), the EUIPO, the USITC (its own rules, 19 CFR 210.13), CBP, marketplace complaints - so
-- their matters' tro_expires_on, pi_hearing_by and answer_due_on are NULL, and every reader (the
-- alert rules, messages, the iCal feed, My cases) makes no deadline of them; a new column
-- deadlines_counted says which forum counts them. Version 49 counted them, federally, for any forum.

-- member_matters as in version 49, each deadline NULL unless the case's court is a US federal district
-- court (deadlines_counted).
CREATE OR REPLACE MACRO member_matters(for_member, tro_days, answer_days) AS TABLE
WITH RECURSIVE mine AS (
    SELECT d.* FROM defendants d
    WHERE d.member_id IS NOT NULL AND (for_member IS NULL OR d.member_id = for_member)
),
case_states AS (
    SELECT c.case_id, k.state AS court_state,
           coalesce(k.country = 'US' AND k.state IS NOT NULL, false) AS deadlines_counted
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
           CASE WHEN cs.deadlines_counted THEN x.tro_expires_on END AS tro_expires_on,
           cs.court_state,
           coalesce(cs.deadlines_counted, false) AS deadlines_counted
    FROM mine m
    JOIN cases c ON c.case_id = m.case_id
    JOIN milestones s ON s.case_id = m.case_id AND s.defendant_no = m.defendant_no
    LEFT JOIN tro_expires x ON x.case_id = m.case_id AND x.defendant_no = m.defendant_no
    LEFT JOIN case_states cs ON cs.case_id = m.case_id
)
SELECT d.* EXCLUDE (tro_expires_on, court_state, deadlines_counted),
       d.tro_expires_on,
       CASE WHEN d.pi_on IS NULL THEN d.tro_expires_on END AS pi_hearing_by,
       CASE WHEN d.deadlines_counted THEN frcp_due(d.served_on, answer_days, court_state := d.court_state) END
           AS answer_due_on,
       d.deadlines_counted
FROM dated d;
