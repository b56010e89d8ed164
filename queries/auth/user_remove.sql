-- Removes the user with $email; returns the number of rows removed (count).
-- access: analyst
DELETE FROM users WHERE email = $email RETURNING email
