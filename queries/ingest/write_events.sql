-- access: analyst
-- Replaces stored events with the same key (case, date, kind, defendant) by the rows of
-- intake_events_changed, and lists their cases in facts_touched: the fact table carries dates
-- taken from the events (queries/facts/rebuild.sql); returns nothing.
DELETE FROM events e
WHERE EXISTS (SELECT 1 FROM intake_events_changed c
              WHERE c.case_id = e.case_id AND c.event_on = e.event_on AND c.kind = e.kind
                AND c.defendant_no IS NOT DISTINCT FROM e.defendant_no);
INSERT INTO events (case_id, event_on, kind, defendant_no, detail)
SELECT case_id, event_on, kind, defendant_no, detail FROM intake_events_changed;
INSERT INTO facts_touched SELECT DISTINCT case_id FROM intake_events_changed;
