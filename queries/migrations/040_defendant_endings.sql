-- Version 40 (numbered past the rollups' reserved 030-039 and the issue-numbered versions, so that
-- it cannot collide with a migration landing from another branch): a dismissal, settlement or
-- default judgment ends only the defendants it names, and an entry about defendants named in no
-- form matched ends no one (casewatch/ingest/docket.py defendants_named).
-- events.partial: true for an event without a defendant that is about some of the case's
-- defendants, not all (a docket entry naming stores no stored defendant matched, or none at all:
-- "NOTICE of Voluntary Dismissal as to certain Defendants"); it ends no one's matter and not the
-- case. An event without a defendant and not partial is about the whole case, as before.
ALTER TABLE events ADD COLUMN IF NOT EXISTS partial BOOLEAN DEFAULT false;

-- Ending events stored before this version without a defendant although their entry names one
-- ("... as to Defendant No. 2 (Random Store)") ended every defendant of the case. Read them the
-- safe way, as about some defendants, unless the entry ends the case; importing the docket again
-- replaces each by events of the defendants it names (queries/ingest/write_events.sql).
UPDATE events SET partial = true
WHERE defendant_no IS NULL
  AND kind IN ('default_judgment', 'settled', 'dismissed')
  AND regexp_matches(detail, '(?i)\bas\s+to\s+(the\s+)?defendants?\b|\bdefendants?\s+(nos?\.?\s*)?\d')
  AND NOT regexp_matches(detail, '(?i)case\s+(closed|terminated)|\bJS-6\b|entire\s+(action|case)|\ball\s+(remaining\s+)?defendants\b');

-- member_matters as in version 9, but for the events ending a matter: an event of the defendant,
-- or one of the whole case (no defendant, not partial).
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
      ON e.case_id = m.case_id
     AND (e.defendant_no = m.defendant_no OR (e.defendant_no IS NULL AND e.partial IS NOT TRUE))
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
