-- access: analyst
-- The first key the current import holds twice, if any (defendants and member_links have no
-- primary key since schema version 6): a (case_id, defendant_no) of two defendants rows or a
-- (case_id, defendant_no, member_id) of two member_links rows, in the cases it wrote defendants
-- for (facts_touched; they hold every link it wrote too) or, $everything (the member register
-- changed, every defendant was matched again), in all cases. Columns (table_name, case_id,
-- defendant_no, member_id); no row when every key is unique.
WITH twice AS (
    SELECT 'defendants' AS table_name, case_id, defendant_no, NULL AS member_id
    FROM defendants
    WHERE $everything OR case_id IN (SELECT case_id FROM facts_touched)
    GROUP BY case_id, defendant_no
    HAVING count(*) > 1
    UNION ALL
    SELECT 'member_links', case_id, defendant_no, member_id
    FROM member_links
    WHERE $everything OR case_id IN (SELECT case_id FROM facts_touched)
    GROUP BY case_id, defendant_no, member_id
    HAVING count(*) > 1
)
SELECT table_name, case_id, defendant_no, member_id FROM twice ORDER BY ALL LIMIT 1
