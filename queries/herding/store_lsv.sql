-- Inserts the registered frame herding_frame into herding_lsv (columns by name); returns nothing.
INSERT INTO herding_lsv BY NAME SELECT * FROM herding_frame
