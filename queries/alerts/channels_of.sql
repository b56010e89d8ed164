-- The channels of recipient $recipient (NULL: everyone's - staff only; a member sees its own
-- whatever it asks for): channel_id, recipient, kind, address, lang, delivery, quiet_from, quiet_to,
-- added_at. The address is an e-mail or a robot's secret name, never a key.
-- access: analyst member
SELECT channel_id, recipient, kind, address, lang, delivery, quiet_from, quiet_to, added_at
FROM alert_channels
WHERE active
  AND CASE WHEN $viewer_member = '' THEN ($recipient IS NULL OR recipient = $recipient)
           ELSE recipient = 'member:' || $viewer_member END
ORDER BY recipient, kind, address
