-- access: analyst
-- Writes intake_defendants_changed into defendants: stored defendants updated in place, new ones
-- inserted (a plain insert: the keys were checked unique in the file and absent from the table).
-- Returns nothing.
UPDATE defendants d
SET store_name = c.store_name, platform = c.platform, seller_id = c.seller_id, member_id = c.member_id,
    city_code = c.city_code, district = c.district, sector_code = c.sector_code, outcome = c.outcome,
    frozen_usd = c.frozen_usd, settlement_usd = c.settlement_usd, judgment_usd = c.judgment_usd,
    appeared = c.appeared, match_score = c.match_score
FROM intake_defendants_changed c
WHERE NOT c.is_new AND d.case_id = c.case_id AND d.defendant_no = c.defendant_no;
INSERT INTO defendants (case_id, defendant_no, store_name, platform, seller_id, member_id, city_code, district,
                        sector_code, outcome, frozen_usd, settlement_usd, judgment_usd, appeared, match_score)
SELECT case_id, defendant_no, store_name, platform, seller_id, member_id, city_code, district, sector_code, outcome,
       frozen_usd, settlement_usd, judgment_usd, appeared, match_score
FROM intake_defendants_changed WHERE is_new;
