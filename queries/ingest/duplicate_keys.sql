-- access: analyst
-- The first member link key the current import holds twice, if any (member_links has no primary
-- key since schema version 6): a (case_id, defendant_no, member_id) of two rows, in the cases it
-- wrote defendants for (facts_touched; every link it wrote is of those) or, $everything (the
-- member register changed, every defendant was matched again), in all cases. Columns (case_id,
-- defendant_no, member_id); no row when every key is unique.
SELECT case_id, defendant_no, member_id
FROM member_links
WHERE $everything OR case_id IN (SELECT case_id FROM facts_touched)
GROUP BY case_id, defendant_no, member_id
HAVING count(*) > 1
ORDER BY ALL
LIMIT 1
