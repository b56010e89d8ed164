-- Makes every contact other than $contact_id non-default (one default at most). Returns nothing.
-- access: analyst
UPDATE contacts SET is_default = false WHERE contact_id <> $contact_id AND is_default
