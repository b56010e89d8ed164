-- access: analyst
-- The first $limit parsed rows of the current defendants file (row_no and the defendants columns).
SELECT row_no, case_id, defendant_no, store_name, platform, seller_id, member_id, city_code, district, outcome,
       frozen_usd, settlement_usd, judgment_usd, appeared
FROM intake_defendants ORDER BY row_no LIMIT $limit
