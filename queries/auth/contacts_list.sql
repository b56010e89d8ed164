-- The association's contact people: contact_id, name_zh, name_en, email, phone, is_default,
-- cases (number of cases assigned to the contact), default first then by id.
-- access: analyst
SELECT c.contact_id, c.name_zh, c.name_en, c.email, c.phone, c.is_default,
       count(cc.case_id) AS cases
FROM contacts c
LEFT JOIN case_contacts cc ON cc.contact_id = c.contact_id
GROUP BY ALL
ORDER BY c.is_default DESC, c.contact_id
