-- access: analyst
-- Builds temp table intake_defendants_changed: rows of intake_defendants_keyed merged with the
-- stored defendant (columns not in $present keep their stored value, and so do a city and sector
-- left to the member and the case that the file repeats; a member given in the file is linked
-- with score 1), leaving out rows already stored exactly so. The defendants columns in
-- their order, then is_new (no stored row with that key) and member_given. Returns nothing.
CREATE OR REPLACE TEMP TABLE intake_defendants_changed AS
WITH merged AS (
    SELECT k.case_id,
           k.defendant_no,
           CASE WHEN list_contains($present, 'store_name') THEN k.store_name ELSE d.store_name END AS store_name,
           CASE WHEN list_contains($present, 'platform') THEN k.platform ELSE d.platform END AS platform,
           CASE WHEN list_contains($present, 'seller_id') THEN k.seller_id ELSE d.seller_id END AS seller_id,
           coalesce(k.member_id, d.member_id) AS member_id,
           -- a stored defendant without its own city or sector shows its member's city (or unknown)
           -- and its case's sector; a file giving just those (a CaseWatch download read back)
           -- leaves it without, so the city follows the member's register as before
           CASE WHEN d.case_id IS NOT NULL AND d.city_code IS NULL AND NOT list_contains($present, 'district')
                     AND k.city_code = coalesce(m.city_code, '000000') THEN NULL
                WHEN list_contains($present, 'city_code') OR list_contains($present, 'district')
                THEN k.city_code ELSE d.city_code END AS city_code,
           CASE WHEN list_contains($present, 'district') THEN k.district ELSE d.district END AS district,
           CASE WHEN d.case_id IS NOT NULL AND d.sector_code IS NULL AND k.sector_code = c.sector_code THEN NULL
                WHEN list_contains($present, 'sector_code') THEN k.sector_code ELSE d.sector_code END AS sector_code,
           coalesce(CASE WHEN list_contains($present, 'outcome') THEN k.outcome END, d.outcome, 'pending') AS outcome,
           CASE WHEN list_contains($present, 'frozen_usd') THEN k.frozen_usd ELSE d.frozen_usd END AS frozen_usd,
           CASE WHEN list_contains($present, 'settlement_usd') THEN k.settlement_usd ELSE d.settlement_usd END
               AS settlement_usd,
           CASE WHEN list_contains($present, 'judgment_usd') THEN k.judgment_usd ELSE d.judgment_usd END AS judgment_usd,
           CASE WHEN list_contains($present, 'appeared') THEN k.appeared ELSE d.appeared END AS appeared,
           CASE WHEN k.member_id IS NOT NULL THEN 1.0 ELSE d.match_score END AS match_score,
           d.case_id IS NULL AS is_new,
           k.member_id IS NOT NULL AS member_given,
           d AS stored
    FROM intake_defendants_keyed k
    -- only the file's cases are read (a list is mostly one case of millions of stored defendants)
    LEFT JOIN (SELECT * FROM defendants WHERE case_id IN (SELECT case_id FROM intake_defendants)) d
           ON d.case_id = k.case_id AND d.defendant_no = k.defendant_no
    LEFT JOIN members m ON m.member_id = coalesce(k.member_id, d.member_id)
    LEFT JOIN cases c ON c.case_id = k.case_id
)
SELECT * EXCLUDE (stored)
FROM merged
WHERE is_new
   OR store_name IS DISTINCT FROM stored.store_name
   OR platform IS DISTINCT FROM stored.platform
   OR seller_id IS DISTINCT FROM stored.seller_id
   OR member_id IS DISTINCT FROM stored.member_id
   OR city_code IS DISTINCT FROM stored.city_code
   OR district IS DISTINCT FROM stored.district
   OR sector_code IS DISTINCT FROM stored.sector_code
   OR outcome IS DISTINCT FROM stored.outcome
   OR frozen_usd IS DISTINCT FROM stored.frozen_usd
   OR settlement_usd IS DISTINCT FROM stored.settlement_usd
   OR judgment_usd IS DISTINCT FROM stored.judgment_usd
   OR appeared IS DISTINCT FROM stored.appeared
   OR match_score IS DISTINCT FROM stored.match_score
