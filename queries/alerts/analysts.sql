-- access: analyst
-- Builds temp table alert_analysts(recipient): who staff alerts (which name members) go to, read by
-- desired.sql and cancel_obsolete.sql. The users with role analyst, and any other staff recipient
-- with a channel whose e-mail is not a user's (staff who do not sign in, or 'local' without
-- sign-in): a user of another role (leadership, a member) gets none, even with a staff channel or
-- watch list (users.save_user and remove_user drop those when an analyst is demoted or removed).
-- Returns nothing.
CREATE OR REPLACE TEMP TABLE alert_analysts AS
SELECT 'staff:' || email AS recipient FROM users WHERE role = 'analyst'
UNION
SELECT recipient FROM alert_channels
WHERE recipient LIKE 'staff:%' AND substr(recipient, 7) NOT IN (SELECT email FROM users)
