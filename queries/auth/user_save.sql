-- Adds a user or changes the role / member of an existing one (keyed by lower-case e-mail); a
-- change without a note keeps the note stored. Returns nothing.
-- access: analyst
INSERT INTO users (email, role, member_id, note, added_by)
VALUES ($email, $role, $member_id, $note, $added_by)
ON CONFLICT (email) DO UPDATE SET
    role = excluded.role,
    member_id = excluded.member_id,
    note = coalesce(excluded.note, users.note),
    added_at = now(),
    added_by = excluded.added_by
