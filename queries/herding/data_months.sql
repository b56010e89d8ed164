-- The months the data covers: first_month, last_month (first days; NULL when there is no case).
-- access: analyst leadership
SELECT min(month) AS first_month, max(month) AS last_month FROM defendant_facts
