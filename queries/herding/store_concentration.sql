-- Inserts the registered frame herding_frame into herding_concentration (columns by name); returns nothing.
INSERT INTO herding_concentration BY NAME SELECT * FROM herding_frame
