-- Removes every case assignment of contact $contact_id. Returns nothing.
-- access: analyst
DELETE FROM case_contacts WHERE contact_id = $contact_id
