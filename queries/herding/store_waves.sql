-- Inserts the registered frame herding_frame into herding_waves (columns by name); returns nothing.
INSERT INTO herding_waves BY NAME SELECT * FROM herding_frame
