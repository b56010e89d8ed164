-- The latest herding computation (no row when there was none): run_id, data_version, computed_at,
-- seconds, first_month, last_month, waves, cohorts, settings.
-- access: analyst leadership
SELECT run_id, data_version, computed_at, seconds, first_month, last_month, waves, cohorts, settings
FROM herding_runs
ORDER BY run_id DESC
LIMIT 1
