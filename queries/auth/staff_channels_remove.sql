-- access: analyst
-- Removes the alert channels of staff recipient $recipient ('staff:<email>'): a user demoted from
-- analyst or removed gets no staff alert, which names members. Returns the removed channels' ids.
DELETE FROM alert_channels WHERE recipient = $recipient RETURNING channel_id
