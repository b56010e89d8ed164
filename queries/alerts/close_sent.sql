-- access: analyst
-- Marks each of $alert_ids sent at $now once every active channel of it has it; returns nothing.
UPDATE alerts a SET status = 'sent', sent_at = $now
WHERE list_contains($alert_ids, a.alert_id) AND a.status = 'pending'
  AND NOT EXISTS (SELECT 1 FROM alert_deliveries d JOIN alert_channels c ON c.channel_id = d.channel_id
                  WHERE d.alert_id = a.alert_id AND d.status <> 'sent' AND c.active)
