-- Whether contact $contact_id exists: one row (found BOOLEAN).
-- access: analyst
SELECT count(*) > 0 AS found FROM contacts WHERE contact_id = $contact_id
