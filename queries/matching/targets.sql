-- access: analyst
-- Builds temp table match_targets: the defendants to match (those the import wrote, or all when
-- $everything) with their store identity (subject) and name keys; a member given in the file is
-- kept as is. Keys are computed once per distinct store name. Returns nothing.
CREATE OR REPLACE TEMP TABLE match_targets AS
WITH rows AS (
    SELECT d.case_id, d.defendant_no, d.platform, d.seller_id, d.store_name
    FROM defendants d
    WHERE ($everything OR (d.case_id, d.defendant_no) IN (SELECT case_id, defendant_no FROM intake_touched))
      AND NOT EXISTS (SELECT 1 FROM intake_touched t
                      WHERE t.case_id = d.case_id AND t.defendant_no = d.defendant_no AND t.member_given)
      AND NOT EXISTS (SELECT 1 FROM member_links l
                      WHERE l.case_id = d.case_id AND l.defendant_no = d.defendant_no AND l.status = 'given')
), names AS (
    SELECT store_name, key, intake_core_key(key, $lead_re, $trail_re) AS core
    FROM (SELECT store_name, intake_name_key(store_name) AS key FROM (SELECT DISTINCT store_name FROM rows))
)
SELECT r.case_id, r.defendant_no, r.platform, r.seller_id, r.store_name,
       coalesce(r.platform, '') || '|' ||
           CASE WHEN r.seller_id IS NOT NULL THEN 'id:' || lower(trim(r.seller_id))
                ELSE 'name:' || coalesce(n.key, '') END AS subject,
       n.key,
       n.core
FROM rows r
LEFT JOIN names n ON n.store_name = r.store_name
