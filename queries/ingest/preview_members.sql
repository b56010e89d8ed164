-- access: analyst
-- The first $limit parsed rows of the current members file (row_no, member and store columns).
SELECT row_no, member_id, name_zh, name_en, city_code, district, sector_code, size_band, joined_on, email, platform,
       store_name, seller_id, aliases
FROM intake_members ORDER BY row_no LIMIT $limit
