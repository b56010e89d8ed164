-- Before a new computation is stored: drops the herding results of every run but the latest (a
-- page may still be reading that one, labelled stale), not the run log; returns nothing.
DELETE FROM herding_waves WHERE run_id < (SELECT max(run_id) FROM herding_runs);
DELETE FROM herding_wave_members WHERE run_id < (SELECT max(run_id) FROM herding_runs);
DELETE FROM herding_heat WHERE run_id < (SELECT max(run_id) FROM herding_runs);
DELETE FROM herding_lsv WHERE run_id < (SELECT max(run_id) FROM herding_runs);
DELETE FROM herding_location WHERE run_id < (SELECT max(run_id) FROM herding_runs);
DELETE FROM herding_concentration WHERE run_id < (SELECT max(run_id) FROM herding_runs);
DELETE FROM herding_cohorts WHERE run_id < (SELECT max(run_id) FROM herding_runs);
DELETE FROM herding_cohort_members WHERE run_id < (SELECT max(run_id) FROM herding_runs);
DELETE FROM herding_cohort_edges WHERE run_id < (SELECT max(run_id) FROM herding_runs);
DELETE FROM herding_late_followers WHERE run_id < (SELECT max(run_id) FROM herding_runs);
DELETE FROM herding_brands WHERE run_id < (SELECT max(run_id) FROM herding_runs);
