-- Co-defendant cohorts of run $run, largest first: cohort_id, size, cases, brands, first_sued,
-- last_sued, top_city, local_share, cities, sectors, top_brands.
-- access: analyst leadership
SELECT cohort_id, size, cases, brands, first_sued, last_sued, top_city, local_share, cities, sectors, top_brands
FROM herding_cohorts
WHERE run_id = $run
ORDER BY size DESC, cases DESC, cohort_id
