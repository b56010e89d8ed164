-- Inserts the registered frame herding_frame into herding_late_followers (columns by name); returns nothing.
INSERT INTO herding_late_followers BY NAME SELECT * FROM herding_frame
