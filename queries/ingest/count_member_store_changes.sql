-- access: analyst
-- Number of members whose store set changes (members).
SELECT count(DISTINCT member_id) AS members FROM intake_member_stores
