-- Assigns contact $contact_id to case $case_id (replacing an earlier assignment). Returns nothing.
-- access: analyst
INSERT INTO case_contacts (case_id, contact_id)
VALUES ($case_id, $contact_id)
ON CONFLICT (case_id) DO UPDATE SET contact_id = excluded.contact_id
