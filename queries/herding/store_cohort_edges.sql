-- Inserts the registered frame herding_frame into herding_cohort_edges (columns by name); returns nothing.
INSERT INTO herding_cohort_edges BY NAME SELECT * FROM herding_frame
