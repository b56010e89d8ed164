-- Headline counts of run $run: active_waves, waves, cohort_suits (brand and firm alike), cohorts,
-- late_followers, risk_brands.
-- access: analyst leadership
SELECT (SELECT count(*) FROM herding_waves WHERE run_id = $run AND pattern = 'wave' AND active)::INTEGER AS active_waves,
       (SELECT count(*) FROM herding_waves WHERE run_id = $run AND pattern = 'wave')::INTEGER AS waves,
       (SELECT count(*) FROM herding_waves WHERE run_id = $run AND pattern = 'cohort')::INTEGER AS cohort_suits,
       (SELECT count(*) FROM herding_cohorts WHERE run_id = $run)::INTEGER AS cohorts,
       (SELECT count(*) FROM herding_late_followers WHERE run_id = $run)::INTEGER AS late_followers,
       (SELECT count(*) FROM herding_brands WHERE run_id = $run)::INTEGER AS risk_brands
