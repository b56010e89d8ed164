-- access: analyst
-- Removes the watch list of staff recipient $recipient (see staff_channels_remove); returns nothing.
DELETE FROM watch_list WHERE recipient = $recipient
