-- Whether $member_id is in the member register: one row (found BOOLEAN).
-- access: analyst
SELECT count(*) > 0 AS found FROM members WHERE member_id = $member_id
