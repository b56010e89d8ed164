-- Inserts the registered frame herding_frame into herding_runs (columns by name); returns nothing.
INSERT INTO herding_runs BY NAME SELECT * FROM herding_frame
