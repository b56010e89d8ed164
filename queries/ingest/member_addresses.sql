-- access: analyst
-- Rows of intake_members with an address but no city or district given (row_no, address), for
-- the address resolver.
SELECT row_no, address FROM intake_members
WHERE address IS NOT NULL AND (raw_city_code IS NULL OR raw_district IS NULL)
