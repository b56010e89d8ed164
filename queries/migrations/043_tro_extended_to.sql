-- Version 43: an order extending a TRO that states its end ("the TRO is extended through January 29,
-- 2027", "until 2/1/27") ends then, not 14 days on from the expiry it had: the court set the date
-- (FRCP 65(b)(2) allows a longer extension with the defendant's consent). The end is read only from
-- the extension's own words: a date right after through/until/to/thru/till (and "and including")
-- that follows "extend(s/ed/ing)" or "extension" in the same sentence (no period or semicolon
-- between), within 80 characters, with no word of a hearing, a setting or a deadline between (set,
-- reset, due, hearing, response, respond, answer, deadline, continued): "The TRO is extended.
-- Preliminary injunction hearing set to 1/20/2027." and "The TRO is extended, and the hearing is
-- set to 2/16/2027" state no end of the TRO. Dates as the dockets write them: "January 29, 2027",
-- "Jan. 29, 2027", "Sept. 3, 2027", "September 3, 2027", "January 29th, 2027", "29 January 2027",
-- "1/29/2027", "1/29/27", "1-29-2027", "2027-01-29"; a date not after the order's entry is not its
-- end. Only an order tro_extension tells is read so.
-- (expressions only, no subqueries: member_matters aggregates tro_extended_to over a day's orders)
CREATE OR REPLACE MACRO docket_date_plain(text) AS
    regexp_replace(regexp_replace(regexp_replace(trim(text), '(\d)(st|nd|rd|th)\b', '\1', 'gi'),
                                  '(?i)\bsept\b', 'Sep', 'g'), '\.', '', 'g');
CREATE OR REPLACE MACRO docket_date(text) AS (
    CASE
        WHEN regexp_matches(docket_date_plain(text), '^\d{1,2}[/-]\d{1,2}[/-]\d{2}$')
            THEN try_strptime(replace(docket_date_plain(text), '-', '/'), '%m/%d/%y')
        WHEN regexp_matches(docket_date_plain(text), '^\d{1,2}[/-]\d{1,2}[/-]\d{4}$')
            THEN try_strptime(replace(docket_date_plain(text), '-', '/'), '%m/%d/%Y')
        ELSE try_strptime(docket_date_plain(text), ['%Y-%m-%d', '%B %d, %Y', '%B %d %Y', '%b %d, %Y', '%b %d %Y',
                                                    '%d %B %Y', '%d %b %Y', '%d %B, %Y', '%d %b, %Y'])
    END::DATE
);

-- The words of an extension that state its end ('' when none do).
CREATE OR REPLACE MACRO tro_stated_end(detail) AS regexp_extract(detail,
    '(?i)\b(extend(s|ed|ing)?|extension)\b[^.;]{0,80}?\b(through|until|to|thru|till)\s+(and\s+including\s+)?'
    || '((jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?\s+\d{1,2}(st|nd|rd|th)?,?\s+\d{4}'
    || '|\d{1,2}\s+(jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?,?\s+\d{4}'
    || '|\d{1,2}[/-]\d{1,2}[/-](\d{4}|\d{2})\b|\d{4}-\d{2}-\d{2})', 0);

CREATE OR REPLACE MACRO tro_extended_to(detail, entered_on) AS nullif(greatest(
    CASE WHEN NOT regexp_matches(tro_stated_end(detail),
                                 '(?i)\b(set|reset|due|hearing|response|respond|answer|deadline|continued)\b')
         THEN docket_date(regexp_extract(tro_stated_end(detail),
                                         '(?i)\b(through|until|to|thru|till)\s+(and\s+including\s+)?(\S.*)$', 3))
    END, entered_on), entered_on);

-- The expiry after a later TRO order of a matter, given the expiry before it: an extension entered
-- by that expiry runs to the date it states, or tro_days on from that expiry; an extension stating
-- its end entered after the TRO lapsed runs to that end; any other order (the sealed order after
-- the minute entry, a TRO entered anew, an extension after the TRO lapsed) expires tro_days after
-- its entry if that is later. Each period is counted by frcp_due.
CREATE OR REPLACE MACRO tro_expiry_after(extension, extended_to, entered_on, expired_on, tro_days) AS
    CASE WHEN extension AND extended_to IS NOT NULL THEN extended_to
         WHEN extension AND entered_on <= expired_on THEN frcp_due(expired_on, tro_days)
         ELSE greatest(expired_on, frcp_due(entered_on, tro_days)) END;

-- member_matters as in version 42, with the expiry after each later TRO order as tro_expiry_after
-- counts it.
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
           max(tro_extended_to(detail, event_on)) FILTER (WHERE tro_extension(detail)) AS extended_to,
           row_number() OVER (PARTITION BY case_id, defendant_no ORDER BY event_on) AS n
    FROM matter_events
    WHERE kind = 'tro'
    GROUP BY case_id, defendant_no, event_on
),
tro_expiry AS (
    SELECT case_id, defendant_no, n, frcp_due(event_on, tro_days) AS expires_on
    FROM tro_orders WHERE n = 1
    UNION ALL
    SELECT o.case_id, o.defendant_no, o.n, tro_expiry_after(o.extension, o.extended_to, o.event_on, x.expires_on, tro_days)
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
