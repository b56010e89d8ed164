-- access: analyst
-- Replaces stored events with the same key (case, date, kind, defendant) by the rows of
-- intake_events_changed, and lists their cases in facts_touched: the fact table carries dates
-- taken from the events (queries/facts/rebuild.sql); returns nothing. A stored event without a
-- defendant goes too when the same entry (case, date, kind and detail) now comes for particular
-- defendants: an earlier reading of it (before schema 40 every docket entry was read so, and an
-- entry naming stores goes unresolved until the defendant list is stored). A docket entry always
-- has its text; events without one (a CSV's) are never taken for another reading of each other.
DELETE FROM events e
WHERE EXISTS (SELECT 1 FROM intake_events_changed c
              WHERE c.case_id = e.case_id AND c.event_on = e.event_on AND c.kind = e.kind
                AND (c.defendant_no IS NOT DISTINCT FROM e.defendant_no
                     OR (e.defendant_no IS NULL AND e.detail IS NOT NULL AND c.detail = e.detail)));
INSERT INTO events (case_id, event_on, kind, defendant_no, detail, partial)
SELECT case_id, event_on, kind, defendant_no, detail, partial FROM intake_events_changed;
INSERT INTO facts_touched SELECT DISTINCT case_id FROM intake_events_changed;
