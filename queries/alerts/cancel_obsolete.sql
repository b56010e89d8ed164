-- access: analyst
-- Cancels waiting reminders and review alerts the data no longer calls for (a TRO extended, a
-- matter settled, a link decided: not in alert_desired) and reminders whose deadline has passed;
-- returns the number cancelled.
UPDATE alerts SET status = 'cancelled'
WHERE status = 'pending'
  AND rule IN ('deadline', 'review')
  AND alert_id NOT IN (SELECT md5(rule || '|' || subject || '|' || recipient) FROM alert_desired)
RETURNING 1
