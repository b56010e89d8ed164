-- Location quotients of run $run for $dimension: cell, members, members_sued, lq (highest first).
-- access: analyst leadership
SELECT cell, members, members_sued, lq
FROM herding_location
WHERE run_id = $run AND dimension = $dimension
ORDER BY lq DESC NULLS LAST, cell
