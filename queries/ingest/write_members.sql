-- access: analyst
-- Upserts intake_members_changed into members; returns the number of rows written (Count).
INSERT OR REPLACE INTO members (member_id, name_zh, name_en, city_code, district, sector_code, size_band, joined_on,
                                email, address)
SELECT * FROM intake_members_changed
