-- access: analyst
-- Cancels the waiting alerts of staff recipient $recipient (see staff_channels_remove); returns
-- one row per alert cancelled.
UPDATE alerts SET status = 'cancelled' WHERE recipient = $recipient AND status = 'pending' RETURNING 1
