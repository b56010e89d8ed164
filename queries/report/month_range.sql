-- The months the data covers, for the brief's month picker: one row (first_month, last_month,
-- last_filed_on), NULLs when there are no cases.
-- access: analyst leadership
SELECT min(month) AS first_month,
       max(month) AS last_month,
       max(filed_on) AS last_filed_on
FROM defendant_facts
