-- The channels that already took today's digest (a delivery sent since $day_start of an alert
-- that goes out only in a digest: rules $member_rules for a member, $staff_rules for staff), one
-- row each: channel_id. Such alerts then wait for tomorrow's digest.
-- access: analyst
SELECT DISTINCT d.channel_id
FROM alert_deliveries d
JOIN alerts a ON a.alert_id = d.alert_id
WHERE d.status = 'sent' AND d.sent_at >= $day_start
  AND CASE WHEN a.recipient LIKE 'staff:%' THEN list_contains($staff_rules, a.rule)
           ELSE list_contains($member_rules, a.rule) END
