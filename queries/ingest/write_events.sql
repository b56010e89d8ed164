-- access: analyst
-- Replaces stored events with the same key (case, date, kind, defendant) by the rows of
-- intake_events_changed; returns nothing.
DELETE FROM events e
WHERE EXISTS (SELECT 1 FROM intake_events_changed c
              WHERE c.case_id = e.case_id AND c.event_on = e.event_on AND c.kind = e.kind
                AND c.defendant_no IS NOT DISTINCT FROM e.defendant_no);
INSERT INTO events (case_id, event_on, kind, defendant_no, detail)
SELECT case_id, event_on, kind, defendant_no, detail FROM intake_events_changed;
