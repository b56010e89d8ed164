-- The latest herding run (casewatch/herding/), if any: at most one row (run_id, data_version,
-- computed_at). The brief reads waves only when a run exists.
-- access: analyst leadership
SELECT run_id, data_version, computed_at
FROM herding_runs
ORDER BY run_id DESC
LIMIT 1
