-- access: analyst
-- Fills city and district of intake_members from the resolved addresses in the registered frame
-- intake_resolved(row_no, city_code, district); given values win. Returns nothing.
UPDATE intake_members m
SET city_code = coalesce(m.city_code, r.city_code),
    district = coalesce(m.district, CASE WHEN m.city_code IS NULL OR m.city_code = r.city_code THEN r.district END),
    district_city = coalesce(m.district_city, CASE WHEN m.city_code IS NULL OR m.city_code = r.city_code THEN r.city_code END)
FROM intake_resolved r
WHERE r.row_no = m.row_no
