-- Adds or updates a contact person (keyed by contact_id). Returns nothing.
-- access: analyst
INSERT INTO contacts (contact_id, name_zh, name_en, email, phone, is_default)
VALUES ($contact_id, $name_zh, $name_en, $email, $phone, $is_default)
ON CONFLICT (contact_id) DO UPDATE SET
    name_zh = excluded.name_zh,
    name_en = excluded.name_en,
    email = excluded.email,
    phone = excluded.phone,
    is_default = excluded.is_default
