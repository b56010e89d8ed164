-- The watch list of recipient $recipient (NULL: everyone's - staff only; a member sees its own
-- whatever it asks for): recipient, kind, value, added_at.
-- access: analyst member
SELECT recipient, kind, value, added_at
FROM watch_list
WHERE CASE WHEN $viewer_member = '' THEN ($recipient IS NULL OR recipient = $recipient)
           ELSE recipient = 'member:' || $viewer_member END
ORDER BY recipient, kind, value
