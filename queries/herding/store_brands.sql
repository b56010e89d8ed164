-- Inserts the registered frame herding_frame into herding_brands (columns by name); returns nothing.
INSERT INTO herding_brands BY NAME SELECT * FROM herding_frame
