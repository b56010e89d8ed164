-- Inserts the registered frame herding_frame into herding_location (columns by name); returns nothing.
INSERT INTO herding_location BY NAME SELECT * FROM herding_frame
