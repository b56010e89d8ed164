-- access: analyst
-- Adds to the outbox the alerts of alert_desired it lacks (alert_id = md5(rule|subject|recipient),
-- so an alert is written once, however often its data is imported again), leaving out reminders
-- whose day has passed, and makes a desired alert that was cancelled wait again (a store link
-- rejected by mistake and then accepted: the member hears of the case after all), with the
-- desired row's day, detail and data version; a sent or waiting alert is left as it is. Returns
-- the number added or made to wait again.
INSERT INTO alerts (alert_id, rule, subject, recipient, member_id, case_id, detail, event_on, due_on, data_version)
SELECT md5(rule || '|' || subject || '|' || recipient), rule, subject, recipient, member_id, case_id, detail,
       event_on, due_on, $data_version
FROM alert_desired
WHERE due_on >= $today
ON CONFLICT (alert_id) DO UPDATE SET
    status = 'pending', sent_at = NULL, member_id = excluded.member_id, case_id = excluded.case_id,
    detail = excluded.detail, event_on = excluded.event_on, due_on = excluded.due_on,
    data_version = excluded.data_version
WHERE alerts.status = 'cancelled'
RETURNING 1
