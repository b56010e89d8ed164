-- Inserts the registered frame herding_frame into herding_cohorts (columns by name); returns nothing.
INSERT INTO herding_cohorts BY NAME SELECT * FROM herding_frame
