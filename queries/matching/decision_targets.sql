-- access: analyst
-- Builds temp table match_targets: the defendants with a link of store identity $subject, for
-- matching/apply_links. Returns nothing.
CREATE OR REPLACE TEMP TABLE match_targets AS
SELECT DISTINCT case_id, defendant_no FROM member_links WHERE subject = $subject
