-- access: analyst
-- Records members given in the imported file as links with method and status 'given'; returns nothing.
INSERT OR REPLACE INTO member_links (case_id, defendant_no, member_id, method, score, status, subject)
SELECT d.case_id, d.defendant_no, d.member_id, 'given', 1.0, 'given',
       coalesce(d.platform, '') || '|' ||
           CASE WHEN d.seller_id IS NOT NULL THEN 'id:' || lower(trim(d.seller_id))
                ELSE 'name:' || coalesce(intake_name_key(d.store_name), '') END
FROM defendants d
JOIN intake_touched t ON t.case_id = d.case_id AND t.defendant_no = d.defendant_no AND t.member_given
