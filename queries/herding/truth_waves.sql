-- Planted waves of a demo database (demo_truth): truth_id, brand, start_month, end_month, members.
-- access: analyst leadership
SELECT truth_id, any_value(brand) AS brand, min(start_month) AS start_month, max(end_month) AS end_month,
       count(DISTINCT member_id)::INTEGER AS members
FROM demo_truth
WHERE kind = 'wave'
GROUP BY truth_id
ORDER BY truth_id
