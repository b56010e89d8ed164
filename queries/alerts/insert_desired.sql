-- access: analyst
-- Adds to the outbox the alerts of alert_desired it lacks (alert_id = md5(rule|subject|recipient),
-- so an alert is written once, however often its data is imported again), leaving out reminders
-- whose day has passed; returns the number added.
INSERT INTO alerts (alert_id, rule, subject, recipient, member_id, case_id, detail, event_on, due_on, data_version)
SELECT md5(rule || '|' || subject || '|' || recipient), rule, subject, recipient, member_id, case_id, detail,
       event_on, due_on, $data_version
FROM alert_desired
WHERE due_on >= $today
ON CONFLICT (alert_id) DO NOTHING
RETURNING 1
