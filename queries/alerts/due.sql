-- access: analyst
-- Deliveries to make now: channel_id, recipient, kind, address, lang, delivery, quiet_from,
-- quiet_to, alert_id, rule, subject, member_id, case_id, detail, event_on, parts_sent (the parts of
-- an unfinished message of it sent on the channel, or NULL) - waiting alerts due by $today on
-- active channels whose retry time (if any) has come by $now; by channel, then oldest first.
SELECT c.channel_id, c.recipient, c.kind, c.address, c.lang, c.delivery, c.quiet_from, c.quiet_to,
       a.alert_id, a.rule, a.subject, a.member_id, a.case_id, a.detail, a.event_on, d.parts_sent
FROM alert_deliveries d
JOIN alerts a ON a.alert_id = d.alert_id
JOIN alert_channels c ON c.channel_id = d.channel_id
WHERE d.status = 'pending' AND a.status = 'pending' AND a.due_on <= $today AND c.active
  AND (d.next_try_at IS NULL OR d.next_try_at <= $now)
ORDER BY c.channel_id, a.due_on, a.event_on NULLS FIRST, a.rule, a.alert_id
