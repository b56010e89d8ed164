-- access: analyst
-- Labels of the aggregate defendants ("Does 1-109", a Schedule A party) a docket of case $case_id
-- must not write: those a defendant list already replaced, and any, when the case already holds
-- a defendant list (defendants that are not aggregates), whichever was imported first. Columns: label.
SELECT label FROM aggregate_defendants WHERE case_id = $case_id AND replaced_at IS NOT NULL
UNION
SELECT $every AS label
WHERE EXISTS (
    SELECT 1 FROM defendants d
    WHERE d.case_id = $case_id
      AND NOT EXISTS (SELECT 1 FROM aggregate_defendants a WHERE a.case_id = d.case_id AND a.defendant_no = d.defendant_no)
)
