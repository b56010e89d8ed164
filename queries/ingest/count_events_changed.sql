-- access: analyst
-- Number of events rows the current file writes (rows).
SELECT count(*) AS rows FROM intake_events_changed
