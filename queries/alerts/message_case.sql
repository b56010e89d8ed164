-- The case an alert is about, for its message: case_id, court, court_zh, court_en, docket_number,
-- case_name, filed_on, plaintiff, brand, law_firm, contact_name_zh, contact_name_en, contact_email, contact_phone (the case's
-- association contact, else the default one). Nothing member-level: no store, amount or outcome.
-- access: analyst member
SELECT c.case_id, c.court, k.name_zh AS court_zh, k.name_en AS court_en, c.docket_number, c.case_name,
       c.filed_on, c.plaintiff, c.brand, c.law_firm,
       p.name_zh AS contact_name_zh, p.name_en AS contact_name_en, p.email AS contact_email, p.phone AS contact_phone
FROM cases c
LEFT JOIN courts k ON k.court = c.court
LEFT JOIN case_contacts a ON a.case_id = c.case_id
LEFT JOIN contacts p ON p.contact_id = coalesce(
    a.contact_id, (SELECT contact_id FROM contacts WHERE is_default ORDER BY contact_id LIMIT 1))
WHERE c.case_id = $case_id
