-- Version 42: a TRO extended runs on from the TRO's expiry, not from the extension's entry.
-- FRCP 65(b)(2): a TRO expires at most 14 days after entry "unless before that time the court, for
-- good cause, extends it for a like period", so an order extending it before it lapses moves its
-- expiry 14 days on from the expiry it had (not 14 days from the extension's entry, as before); an
-- extension entered after the TRO lapsed is read as a TRO entered anew. An order extending a TRO
-- is stored as another tro event (casewatch/ingest/docket.py milestone_of); tro_extension tells it
-- by its text, with the pattern of docket.py TRO_EXTENSION (tests/unit/test_tro_extensions.py
-- checks that the two agree).
CREATE OR REPLACE MACRO tro_extension(detail) AS coalesce(regexp_matches(detail,
    '(?i)\bextend(s|ed|ing)?\s+((the|said|sealed|court''s|existing|ex\s+parte|prior|previously|entered|issued|current|original|amended|\[[^\]]*\])\s+){0,3}(temporary\s+restraining\s+order|TRO)\b'
    || '|\bextension\s+of\s+((the|said|sealed|court''s|existing|ex\s+parte|prior|previously|entered|issued|current|original|amended|\[[^\]]*\])\s+){0,3}(temporary\s+restraining\s+order|TRO)\b'
    || '|\b(temporary\s+restraining\s+order|TRO)(\s+(\[[^\]]*\]|\(\S*\)|entered|issued|granted|previously|dated|on|of|against|all|defendants|(jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?|[\d/.,-]+)){0,6}\s+((is|are|be|been|was)\s+)?(hereby\s+)?extended\b'
    || '|\b(temporary\s+restraining\s+order|TRO)\s+extension\b'), false);

-- member_matters as in version 40, but for the TRO's expiry: the TRO orders of a matter (an event
-- of the defendant, or of the whole case not partial) taken day by day, oldest first. The first
-- day's TRO expires tro_days after it; a later day's extension (every order of that day extending
-- the TRO) entered by the expiry moves it tro_days on from that expiry; any other later TRO order
-- (the sealed order after the minute entry, a TRO entered anew, an extension after the TRO lapsed)
-- expires tro_days after its entry if that is later. Each period is counted by frcp_due.
CREATE OR REPLACE MACRO member_matters(for_member, tro_days, answer_days) AS TABLE
WITH RECURSIVE mine AS (
    SELECT d.* FROM defendants d
    WHERE d.member_id IS NOT NULL AND (for_member IS NULL OR d.member_id = for_member)
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
    SELECT case_id, defendant_no, event_on,
           bool_and(tro_extension(detail)) AS extension,
           row_number() OVER (PARTITION BY case_id, defendant_no ORDER BY event_on) AS n
    FROM matter_events
    WHERE kind = 'tro'
    GROUP BY case_id, defendant_no, event_on
),
tro_expiry AS (
    SELECT case_id, defendant_no, n, frcp_due(event_on, tro_days) AS expires_on
    FROM tro_orders WHERE n = 1
    UNION ALL
    SELECT o.case_id, o.defendant_no, o.n,
           CASE WHEN o.extension AND o.event_on <= x.expires_on THEN frcp_due(x.expires_on, tro_days)
                ELSE greatest(x.expires_on, frcp_due(o.event_on, tro_days)) END
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
           x.tro_expires_on
    FROM mine m
    JOIN cases c ON c.case_id = m.case_id
    JOIN milestones s ON s.case_id = m.case_id AND s.defendant_no = m.defendant_no
    LEFT JOIN tro_expires x ON x.case_id = m.case_id AND x.defendant_no = m.defendant_no
)
SELECT d.* EXCLUDE (tro_expires_on),
       d.tro_expires_on,
       CASE WHEN d.pi_on IS NULL THEN d.tro_expires_on END AS pi_hearing_by,
       frcp_due(d.served_on, answer_days) AS answer_due_on
FROM dated d;
