-- Concentration of defendant instances across rights holders per top-level sector, run $run:
-- sector_code, defendant_instances, brands, hhi, hhi_norm, gini, top_brand, top_share.
-- access: analyst leadership
SELECT sector_code, defendant_instances, brands, hhi, hhi_norm, gini, top_brand, top_share
FROM herding_concentration
WHERE run_id = $run
ORDER BY hhi_norm DESC NULLS LAST, sector_code
