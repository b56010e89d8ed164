-- access: analyst
-- Whether case $case_id already holds a defendant list: defendants that are not aggregates ("Does
-- 1-109", a Schedule A party), whichever was imported first. Columns: listed.
SELECT EXISTS (
    SELECT 1 FROM defendants d
    WHERE d.case_id = $case_id
      AND NOT EXISTS (SELECT 1 FROM aggregate_defendants a WHERE a.case_id = d.case_id AND a.defendant_no = d.defendant_no)
) AS listed
