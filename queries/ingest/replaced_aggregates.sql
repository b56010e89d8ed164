-- access: analyst
-- Labels of a case's aggregate defendants already replaced by a defendant list (label).
SELECT label FROM aggregate_defendants WHERE case_id = $case_id AND replaced_at IS NOT NULL
