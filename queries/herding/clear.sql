-- Empties the herding cache tables (not the run log) before a new computation is stored; returns nothing.
DELETE FROM herding_waves;
DELETE FROM herding_wave_members;
DELETE FROM herding_heat;
DELETE FROM herding_lsv;
DELETE FROM herding_location;
DELETE FROM herding_concentration;
DELETE FROM herding_cohorts;
DELETE FROM herding_cohort_members;
DELETE FROM herding_cohort_edges;
DELETE FROM herding_late_followers;
DELETE FROM herding_brands;
