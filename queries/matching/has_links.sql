-- access: analyst
-- Whether any member link is stored (has_links): a database without links has nothing to re-key.
SELECT EXISTS (SELECT 1 FROM member_links) AS has_links
