-- The member stores case $case_id names, for an alert's message: defendant_no, store_name,
-- platform, outcome, frozen_usd, member_id, member_name_zh, member_name_en. A member viewer gets
-- its own stores only (never another member's, even in the same case); staff get every member's,
-- or $member's alone when it is not NULL.
-- access: analyst member
SELECT d.defendant_no, d.store_name, d.platform, d.outcome, d.frozen_usd, d.member_id,
       m.name_zh AS member_name_zh, m.name_en AS member_name_en
FROM defendants d
LEFT JOIN members m ON m.member_id = d.member_id
WHERE d.case_id = $case_id
  AND d.member_id IS NOT NULL
  AND ($viewer_member = '' OR d.member_id = $viewer_member)
  AND ($member IS NULL OR d.member_id = $member)
ORDER BY d.member_id, d.defendant_no
