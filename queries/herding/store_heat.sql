-- Inserts the registered frame herding_frame into herding_heat (columns by name); returns nothing.
INSERT INTO herding_heat BY NAME SELECT * FROM herding_frame
