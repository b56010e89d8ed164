-- access: analyst
-- Cancels a waiting reminder when a later reminder of the same deadline is due too (a sender that
-- was down sends the latest one only); returns the number cancelled.
UPDATE alerts a SET status = 'cancelled'
WHERE a.status = 'pending' AND a.rule = 'deadline' AND a.due_on <= $today
  AND EXISTS (SELECT 1 FROM alerts b
              WHERE b.rule = 'deadline' AND b.status = 'pending' AND b.recipient = a.recipient
                AND b.case_id = a.case_id AND b.event_on = a.event_on
                AND b.due_on <= $today AND b.due_on > a.due_on)
RETURNING 1
