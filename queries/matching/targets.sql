-- access: analyst
-- Builds temp table match_targets: the defendants to match (those the import wrote, or all when
-- $everything) with their store identity (subject) and name keys; a member given in the file is
-- kept as is. Returns nothing.
CREATE OR REPLACE TEMP TABLE match_targets AS
SELECT d.case_id, d.defendant_no, d.platform, d.seller_id, d.store_name,
       coalesce(d.platform, '') || '|' ||
           CASE WHEN d.seller_id IS NOT NULL THEN 'id:' || lower(trim(d.seller_id))
                ELSE 'name:' || coalesce(intake_name_key(d.store_name), '') END AS subject,
       intake_name_key(d.store_name) AS key,
       intake_core_key(intake_name_key(d.store_name), $lead_re, $trail_re) AS core
FROM defendants d
WHERE ($everything OR (d.case_id, d.defendant_no) IN (SELECT case_id, defendant_no FROM intake_touched))
  AND NOT EXISTS (SELECT 1 FROM intake_touched t
                  WHERE t.case_id = d.case_id AND t.defendant_no = d.defendant_no AND t.member_given)
  AND NOT EXISTS (SELECT 1 FROM member_links l
                  WHERE l.case_id = d.case_id AND l.defendant_no = d.defendant_no AND l.status = 'given')
