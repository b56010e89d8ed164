-- Everyone who may sign in, by role then e-mail: email, role, member_id, member_name_zh,
-- member_name_en, note, added_at, added_by.
-- access: analyst
SELECT u.email,
       u.role,
       u.member_id,
       m.name_zh AS member_name_zh,
       m.name_en AS member_name_en,
       u.note,
       u.added_at,
       u.added_by
FROM users u
LEFT JOIN members m ON m.member_id = u.member_id
ORDER BY CASE u.role WHEN 'analyst' THEN 1 WHEN 'leadership' THEN 2 ELSE 3 END, u.email
