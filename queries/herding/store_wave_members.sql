-- Inserts the registered frame herding_frame into herding_wave_members (columns by name); returns nothing.
INSERT INTO herding_wave_members BY NAME SELECT * FROM herding_frame
