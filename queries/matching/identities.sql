-- access: analyst
-- Builds temp table match_identities: each distinct store identity of match_targets (platform,
-- seller_id, store_name), the number of targets with it (targets), its subject (what an analyst's
-- decision applies to: intake_subject), the name's key and trade-name core (patterns $lead_re,
-- $trail_re from casewatch.matching). A list names the same store on many rows: matching works on
-- these identities, and keys each distinct name once. Returns nothing.
CREATE OR REPLACE TEMP TABLE match_identities AS
WITH identities AS (
    SELECT platform, seller_id, store_name, count(*) AS targets FROM match_targets GROUP BY ALL
), names AS (
    SELECT store_name, key, intake_core_key(key, $lead_re, $trail_re) AS core
    FROM (SELECT store_name, intake_name_key(store_name) AS key
          FROM (SELECT DISTINCT store_name FROM identities WHERE store_name IS NOT NULL))
)
SELECT i.platform, i.seller_id, i.store_name, i.targets,
       intake_subject(i.platform, i.seller_id, n.key) AS subject,
       n.key,
       n.core
FROM identities i
LEFT JOIN names n ON n.store_name = i.store_name
