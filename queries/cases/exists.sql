-- Whether case $case_id exists (a link may name one that does not): one row (found BOOLEAN).
-- access: analyst member
SELECT count(*) > 0 AS found FROM cases WHERE case_id = $case_id
