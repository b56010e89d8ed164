-- Inserts the registered frame herding_frame into herding_cohort_members (columns by name); returns nothing.
INSERT INTO herding_cohort_members BY NAME SELECT * FROM herding_frame
