-- Members of the planted items $truth_ids by the month they were named: truth_id, sued_month,
-- members.
-- access: analyst leadership
SELECT truth_id, sued_month, count(DISTINCT member_id)::INTEGER AS members
FROM demo_truth
WHERE list_contains($truth_ids, truth_id)
GROUP BY ALL
ORDER BY ALL
