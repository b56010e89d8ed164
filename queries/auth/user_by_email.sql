-- The user signed in with $email (lower-case): columns (email, role, member_id); no row when unknown.
-- access: analyst
SELECT email, role, member_id
FROM users
WHERE email = $email
