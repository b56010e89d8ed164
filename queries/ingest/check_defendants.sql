-- access: analyst
-- Builds temp table intake_errors(row_no, column_name, value, reason, detail) for
-- intake_defendants: the checks its bad_* flags record (a known case, a positive defendant_no, a
-- store name or seller id, known platform / city / district (in that city) / sector / outcome /
-- member, amounts >= 0, a yes/no appeared) with the cell as the file wrote it
-- (from intake_raw, rows numbered from $first_row), and no defendant twice in the file. Returns
-- nothing.
CREATE OR REPLACE TEMP TABLE intake_errors AS
WITH flagged AS (
    SELECT * FROM intake_defendants
    WHERE bad_case_missing OR bad_court OR bad_case_unknown OR bad_number OR bad_store_missing
       OR bad_platform OR bad_city OR bad_district OR bad_sector
       OR bad_outcome OR bad_member OR bad_frozen_usd OR bad_settlement_usd OR bad_judgment_usd OR bad_appeared
), bad AS (
    SELECT f.*,
           intake_text(r.case_id) AS raw_case_id,
           intake_text(r.court) AS raw_court,
           intake_text(r.defendant_no) AS raw_defendant_no,
           intake_text(r.platform) AS raw_platform,
           intake_text(r.city_code) AS raw_city_code,
           intake_text(r.district) AS raw_district,
           intake_text(r.sector_code) AS raw_sector_code,
           intake_text(r.outcome) AS raw_outcome,
           intake_text(r.frozen_usd) AS raw_frozen_usd,
           intake_text(r.settlement_usd) AS raw_settlement_usd,
           intake_text(r.judgment_usd) AS raw_judgment_usd,
           intake_text(r.appeared) AS raw_appeared
    FROM flagged f
    JOIN (SELECT rowid - (SELECT min(rowid) FROM intake_raw) + $first_row AS row_no, * FROM intake_raw) r
      ON r.row_no = f.row_no
)
SELECT row_no, 'case_id' AS column_name, NULL AS value, 'required' AS reason, NULL AS detail
FROM bad WHERE bad_case_missing
UNION ALL
-- an unknown court is the court cell's, else the case id's it was read from
SELECT row_no, CASE WHEN raw_court IS NOT NULL THEN 'court' ELSE 'case_id' END, coalesce(raw_court, raw_case_id), 'unknown_court', NULL
FROM bad WHERE bad_court
UNION ALL
SELECT row_no, 'case_id', case_id, 'unknown_case', NULL FROM bad WHERE bad_case_unknown
UNION ALL
SELECT row_no, 'defendant_no', raw_defendant_no, 'bad_number', NULL FROM bad WHERE bad_number
UNION ALL
SELECT row_no, 'store_name', NULL, 'required', NULL FROM bad WHERE bad_store_missing
UNION ALL
SELECT row_no, 'platform', raw_platform, 'unknown_value', NULL FROM bad WHERE bad_platform
UNION ALL
SELECT row_no, 'city_code', raw_city_code, 'unknown_city', NULL FROM bad WHERE bad_city
UNION ALL
SELECT row_no, 'district', raw_district, CASE WHEN district IS NULL THEN 'unknown_district' ELSE 'district_city' END,
       city_code
FROM bad WHERE bad_district
UNION ALL
SELECT row_no, 'sector_code', raw_sector_code, 'unknown_sector', NULL FROM bad WHERE bad_sector
UNION ALL
SELECT row_no, 'outcome', raw_outcome, 'unknown_value', NULL FROM bad WHERE bad_outcome
UNION ALL
SELECT row_no, 'member_id', member_id, 'unknown_member', NULL FROM bad WHERE bad_member
UNION ALL
SELECT row_no, 'frozen_usd', raw_frozen_usd, CASE WHEN frozen_usd IS NULL THEN 'bad_amount' ELSE 'negative_amount' END,
       NULL
FROM bad WHERE bad_frozen_usd
UNION ALL
SELECT row_no, 'settlement_usd', raw_settlement_usd,
       CASE WHEN settlement_usd IS NULL THEN 'bad_amount' ELSE 'negative_amount' END, NULL
FROM bad WHERE bad_settlement_usd
UNION ALL
SELECT row_no, 'judgment_usd', raw_judgment_usd,
       CASE WHEN judgment_usd IS NULL THEN 'bad_amount' ELSE 'negative_amount' END, NULL
FROM bad WHERE bad_judgment_usd
UNION ALL
SELECT row_no, 'appeared', raw_appeared, 'bad_flag', NULL FROM bad WHERE bad_appeared
UNION ALL
-- the same defendant twice: by number, else by platform and seller id, else by platform and store
-- name (each counted apart; a group of one row is no duplicate)
SELECT d.row_no, 'defendant_no', CAST(d.defendant_no AS VARCHAR), 'duplicate_key', CAST(t.first_row AS VARCHAR)
FROM intake_defendants d
JOIN (SELECT case_id, defendant_no, min(row_no) AS first_row FROM intake_defendants
      WHERE case_id IS NOT NULL AND defendant_no IS NOT NULL
      GROUP BY case_id, defendant_no HAVING count(*) > 1) t
  ON t.case_id = d.case_id AND t.defendant_no = d.defendant_no
WHERE d.row_no > t.first_row
UNION ALL
SELECT d.row_no, 'seller_id', d.seller_id, 'duplicate_key', CAST(t.first_row AS VARCHAR)
FROM intake_defendants d
JOIN (SELECT case_id, coalesce(platform, '') AS platform_key, lower(seller_id) AS seller_key, min(row_no) AS first_row
      FROM intake_defendants
      WHERE case_id IS NOT NULL AND defendant_no IS NULL AND seller_id IS NOT NULL
      GROUP BY ALL HAVING count(*) > 1) t
  ON t.case_id = d.case_id AND t.platform_key = coalesce(d.platform, '') AND t.seller_key = lower(d.seller_id)
WHERE d.defendant_no IS NULL AND d.row_no > t.first_row
UNION ALL
SELECT d.row_no, 'store_name', d.store_name, 'duplicate_key', CAST(t.first_row AS VARCHAR)
FROM intake_defendants d
JOIN (SELECT case_id, coalesce(platform, '') AS platform_key, lower(store_name) AS name_key, min(row_no) AS first_row
      FROM intake_defendants
      WHERE case_id IS NOT NULL AND defendant_no IS NULL AND seller_id IS NULL AND store_name IS NOT NULL
      GROUP BY ALL HAVING count(*) > 1) t
  ON t.case_id = d.case_id AND t.platform_key = coalesce(d.platform, '') AND t.name_key = lower(d.store_name)
WHERE d.defendant_no IS NULL AND d.seller_id IS NULL AND d.row_no > t.first_row
