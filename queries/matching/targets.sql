-- access: analyst
-- Builds temp table match_targets(case_id, defendant_no, platform, seller_id, store_name): the
-- defendants to match (those the import wrote, as intake_touched has them, or all when
-- $everything) with their store identity; a member given in the file, or linked as given before,
-- is kept as is. Returns nothing.
CREATE OR REPLACE TEMP TABLE match_targets AS
SELECT r.case_id, r.defendant_no, r.platform, r.seller_id, r.store_name
FROM (SELECT case_id, defendant_no, platform, seller_id, store_name FROM defendants WHERE $everything
      UNION ALL
      SELECT case_id, defendant_no, platform, seller_id, store_name FROM intake_touched WHERE NOT $everything) r
WHERE NOT EXISTS (SELECT 1 FROM intake_touched t
                  WHERE t.case_id = r.case_id AND t.defendant_no = r.defendant_no AND t.member_given)
  AND NOT EXISTS (SELECT 1 FROM member_links l
                  WHERE l.case_id = r.case_id AND l.defendant_no = r.defendant_no AND l.status = 'given')
