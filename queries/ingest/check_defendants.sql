-- access: analyst
-- Builds temp table intake_errors(row_no, column_name, value, reason, detail) for
-- intake_defendants: a known case, a positive defendant_no, a store name or seller id, known
-- platform / city / district (in that city) / sector / outcome / member, amounts >= 0, a yes/no
-- appeared, no formula text, no defendant twice in the file. Returns nothing.
CREATE OR REPLACE TEMP TABLE intake_errors AS
SELECT row_no, 'case_id' AS column_name, NULL AS value, 'required' AS reason, NULL AS detail
FROM intake_defendants WHERE raw_case_id IS NULL AND (raw_court IS NULL OR raw_docket_number IS NULL)
UNION ALL
SELECT row_no, 'court', coalesce(raw_court, raw_case_id), 'unknown_court', NULL
FROM intake_defendants WHERE case_id IS NULL AND (raw_court IS NOT NULL OR raw_case_id IS NOT NULL)
UNION ALL
SELECT d.row_no, 'case_id', d.case_id, 'unknown_case', NULL
FROM intake_defendants d
WHERE d.case_id IS NOT NULL AND NOT EXISTS (SELECT 1 FROM cases c WHERE c.case_id = d.case_id)
UNION ALL
SELECT row_no, 'defendant_no', raw_defendant_no, 'bad_number', NULL
FROM intake_defendants WHERE raw_defendant_no IS NOT NULL AND (defendant_no IS NULL OR defendant_no < 1)
UNION ALL
SELECT row_no, 'store_name', NULL, 'required', NULL
FROM intake_defendants WHERE store_name IS NULL AND seller_id IS NULL
UNION ALL
SELECT row_no, 'platform', raw_platform, 'unknown_value', NULL
FROM intake_defendants WHERE raw_platform IS NOT NULL AND platform IS NULL
UNION ALL
SELECT row_no, 'city_code', raw_city_code, 'unknown_city', NULL
FROM intake_defendants WHERE raw_city_code IS NOT NULL AND city_code IS NULL
UNION ALL
SELECT row_no, 'district', raw_district,
       CASE WHEN district IS NULL THEN 'unknown_district' ELSE 'district_city' END, city_code
FROM intake_defendants
WHERE raw_district IS NOT NULL AND (district IS NULL OR district_city <> city_code)
UNION ALL
SELECT row_no, 'sector_code', raw_sector_code, 'unknown_sector', NULL
FROM intake_defendants WHERE raw_sector_code IS NOT NULL AND sector_code IS NULL
UNION ALL
SELECT row_no, 'outcome', raw_outcome, 'unknown_value', NULL
FROM intake_defendants WHERE raw_outcome IS NOT NULL AND outcome IS NULL
UNION ALL
SELECT d.row_no, 'member_id', d.member_id, 'unknown_member', NULL
FROM intake_defendants d
WHERE d.member_id IS NOT NULL AND NOT EXISTS (SELECT 1 FROM members m WHERE m.member_id = d.member_id)
UNION ALL
SELECT row_no, 'frozen_usd', raw_frozen_usd, CASE WHEN frozen_usd IS NULL THEN 'bad_amount' ELSE 'negative_amount' END, NULL
FROM intake_defendants WHERE raw_frozen_usd IS NOT NULL AND coalesce(frozen_usd, -1) < 0
UNION ALL
SELECT row_no, 'settlement_usd', raw_settlement_usd,
       CASE WHEN settlement_usd IS NULL THEN 'bad_amount' ELSE 'negative_amount' END, NULL
FROM intake_defendants WHERE raw_settlement_usd IS NOT NULL AND coalesce(settlement_usd, -1) < 0
UNION ALL
SELECT row_no, 'judgment_usd', raw_judgment_usd,
       CASE WHEN judgment_usd IS NULL THEN 'bad_amount' ELSE 'negative_amount' END, NULL
FROM intake_defendants WHERE raw_judgment_usd IS NOT NULL AND coalesce(judgment_usd, -1) < 0
UNION ALL
SELECT row_no, 'appeared', raw_appeared, 'bad_flag', NULL
FROM intake_defendants WHERE raw_appeared IS NOT NULL AND appeared IS NULL
UNION ALL
SELECT row_no, 'store_name', store_name, 'formula', NULL FROM intake_defendants WHERE intake_formula(store_name)
UNION ALL
SELECT row_no, 'seller_id', seller_id, 'formula', NULL FROM intake_defendants WHERE intake_formula(seller_id)
UNION ALL
SELECT row_no, 'case_id', raw_case_id, 'formula', NULL FROM intake_defendants WHERE intake_formula(raw_case_id)
UNION ALL
SELECT row_no, column_name, value, 'duplicate_key', CAST(first_row AS VARCHAR)
FROM (
    SELECT row_no,
           CASE WHEN defendant_no IS NOT NULL THEN 'defendant_no'
                WHEN seller_id IS NOT NULL THEN 'seller_id' ELSE 'store_name' END AS column_name,
           coalesce(CAST(defendant_no AS VARCHAR), seller_id, store_name) AS value,
           min(row_no) OVER (
               PARTITION BY case_id,
                            CASE WHEN defendant_no IS NOT NULL THEN 'no:' || defendant_no
                                 WHEN seller_id IS NOT NULL THEN 'id:' || coalesce(platform, '') || ':' || lower(seller_id)
                                 ELSE 'name:' || coalesce(platform, '') || ':' || lower(store_name) END
           ) AS first_row
    FROM intake_defendants
    WHERE case_id IS NOT NULL AND (defendant_no IS NOT NULL OR seller_id IS NOT NULL OR store_name IS NOT NULL)
)
WHERE row_no > first_row
