-- access: analyst
-- Cancels waiting alerts the data no longer calls for, and returns the number cancelled:
-- - reminders and review alerts not in alert_desired (a TRO extended, a matter settled, a link
--   decided) and reminders whose deadline has passed;
-- - a member's new-case or milestone alert once no store of that case is linked to the member (the
--   link was rejected or moved: nothing goes out about a case the member is not in);
-- - a staff alert whose recipient is no longer among alert_analysts (demoted or removed).
-- Other alerts the data no longer calls for stay: a new case's alert waiting for a digest is still
-- news when the case has left the new_case window.
UPDATE alerts SET status = 'cancelled'
WHERE status = 'pending'
  AND (
    (rule IN ('deadline', 'review')
     AND alert_id NOT IN (SELECT md5(rule || '|' || subject || '|' || recipient) FROM alert_desired))
    OR (recipient LIKE 'member:%' AND rule IN ('new_case', 'milestone') AND case_id IS NOT NULL
        AND NOT EXISTS (SELECT 1 FROM defendants d WHERE d.case_id = alerts.case_id AND d.member_id = alerts.member_id))
    OR (recipient LIKE 'staff:%' AND recipient NOT IN (SELECT recipient FROM alert_analysts))
  )
RETURNING 1
