-- Demo generator: inserts the defendants from the registered frame demo_defendant_src
-- (case_idx, defendant_no, store_idx, outcome_i, amounts, appeared) joined to the temp tables
-- demo_case and demo_store; $outcomes maps outcome_i. Member stores get match_score 1.0. Record
-- keys come from $seed (not random), so that one seed always builds the same database.
INSERT INTO defendants (case_id, defendant_no, store_name, platform, seller_id, member_id,
                        city_code, district, sector_code, outcome, frozen_usd, settlement_usd,
                        judgment_usd, appeared, match_score, record_key)
SELECT c.case_id,
       d.defendant_no,
       s.store_name,
       s.platform,
       s.seller_id,
       s.member_id,
       s.city_code,
       s.district,
       s.sector_code,
       $outcomes[d.outcome_i + 1],
       d.frozen_usd,
       d.settlement_usd,
       d.judgment_usd,
       d.appeared,
       CASE WHEN s.member_id IS NOT NULL THEN 1.0 END,
       (hash($seed, c.case_id, d.defendant_no) % 2147483648)::INTEGER
FROM demo_defendant_src d
JOIN demo_case c ON c.case_idx = d.case_idx
JOIN demo_store s ON s.store_idx = d.store_idx
