-- access: analyst
-- Refreshes defendant_facts for the cases in temp table facts_touched(case_id) only, after a
-- write confined to them (their cases or defendants changed; members and reference data did
-- not): their rows are deleted and written again as one run sorted by filed_on. A case keeps its
-- case_key, a member id its member_key; new ones get the next free numbers. Returns nothing.
CREATE OR REPLACE TEMP TABLE facts_known_cases AS
SELECT DISTINCT case_id, case_key FROM defendant_facts WHERE case_id IN (SELECT case_id FROM facts_touched);
CREATE OR REPLACE TEMP TABLE facts_new_rows AS
SELECT * FROM fact_rows(false);
CREATE OR REPLACE TEMP TABLE facts_case_keys AS
SELECT case_id, case_key FROM facts_known_cases
UNION ALL
SELECT case_id,
       ((SELECT coalesce(max(case_key), 0) FROM defendant_facts)
        + row_number() OVER (ORDER BY filed_on, case_id))::INTEGER
FROM (SELECT DISTINCT case_id, filed_on FROM facts_new_rows
      WHERE case_id NOT IN (SELECT case_id FROM facts_known_cases));
CREATE OR REPLACE TEMP TABLE facts_member_keys AS
WITH known AS (
    SELECT DISTINCT member_id, member_key FROM defendant_facts
    WHERE member_id IN (SELECT member_id FROM facts_new_rows)
)
SELECT member_id, member_key FROM known
UNION ALL
SELECT member_id,
       ((SELECT coalesce(max(member_key), 0) FROM defendant_facts)
        + row_number() OVER (ORDER BY member_id))::INTEGER
FROM (SELECT DISTINCT member_id FROM facts_new_rows
      WHERE member_id IS NOT NULL AND member_id NOT IN (SELECT member_id FROM known));
DELETE FROM defendant_facts WHERE case_id IN (SELECT case_id FROM facts_touched);
INSERT INTO defendant_facts BY NAME
SELECT r.*, k.case_key, mk.member_key
FROM facts_new_rows r
JOIN facts_case_keys k ON k.case_id = r.case_id
LEFT JOIN facts_member_keys mk ON mk.member_id = r.member_id
ORDER BY r.filed_on, r.case_id, r.defendant_no;
DROP TABLE facts_known_cases;
DROP TABLE facts_new_rows;
DROP TABLE facts_case_keys;
DROP TABLE facts_member_keys;
