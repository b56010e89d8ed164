-- Removes contact $contact_id (its case assignments go first: auth/contact_unassign). Returns nothing.
-- access: analyst
DELETE FROM contacts WHERE contact_id = $contact_id
