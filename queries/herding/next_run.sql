-- The id for the next computation: one more than the last. Columns: run_id.
-- access: analyst leadership
SELECT coalesce(max(run_id), 0)::INTEGER + 1 AS run_id FROM herding_runs
