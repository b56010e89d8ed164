-- access: analyst
-- Records members given in the imported file as links with method and status 'given' (replacing
-- any link of the same defendant and member); returns nothing.
DELETE FROM member_links
WHERE (case_id, defendant_no, member_id) IN (SELECT case_id, defendant_no, member_id FROM intake_touched
                                             WHERE member_given);
INSERT INTO member_links (case_id, defendant_no, member_id, method, score, status, subject)
SELECT case_id, defendant_no, member_id, 'given', 1.0, 'given',
       coalesce(platform, '') || '|' ||
           CASE WHEN seller_id IS NOT NULL THEN 'id:' || lower(trim(seller_id))
                ELSE 'name:' || coalesce(intake_name_key(store_name), '') END
FROM intake_touched
WHERE member_given
