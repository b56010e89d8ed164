-- access: analyst
-- The stored defendants of case $case_id that are not aggregates ("Does 1-109", a Schedule A
-- party), which a docket entry naming defendants by store name is matched against. Columns:
-- defendant_no, store_name.
SELECT d.defendant_no, d.store_name
FROM defendants d
WHERE d.case_id = $case_id AND d.store_name IS NOT NULL
  AND NOT EXISTS (SELECT 1 FROM aggregate_defendants a WHERE a.case_id = d.case_id AND a.defendant_no = d.defendant_no)
ORDER BY d.defendant_no
