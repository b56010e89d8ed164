-- access: analyst
-- Builds temp table intake_events_changed: accepted rows of intake_events (case, date, kind,
-- defendant, detail, partial) not stored exactly so; an event is keyed on case, date, kind and
-- defendant. Returns nothing.
CREATE OR REPLACE TEMP TABLE intake_events_changed AS
SELECT case_id, event_on, kind, defendant_no, detail, partial
FROM intake_events WHERE row_no NOT IN (SELECT row_no FROM intake_errors)
EXCEPT
SELECT case_id, event_on, kind, defendant_no, detail, partial FROM events
