-- access: analyst
-- Copies the registered frame match_member_frame (member_id, name, key, core_latin, place_code,
-- trades) into temp table match_member_keys; returns nothing.
CREATE OR REPLACE TEMP TABLE match_member_keys AS SELECT * FROM match_member_frame
