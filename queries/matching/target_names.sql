-- access: analyst
-- Distinct store names of match_identities not matched by seller id, with their keys (name, key,
-- place, core, trade, plain), that may match a member name in match_member_keys: the same key or
-- core, Chinese characters, or the same first or last four letters of the trade-name core (the
-- blocking for fuzzy scoring: a typo rarely touches both ends, and cores leave out the city and
-- trade words names share). plain (intake_name_plain) is computed for these candidates only.
WITH names AS (
    SELECT DISTINCT i.store_name AS name, i.key, i.core
    FROM match_identities i
    WHERE i.key IS NOT NULL AND i.key <> ''
      AND NOT EXISTS (SELECT 1 FROM match_seller s
                      WHERE s.platform IS NOT DISTINCT FROM i.platform AND s.seller_id IS NOT DISTINCT FROM i.seller_id
                        AND s.store_name IS NOT DISTINCT FROM i.store_name)
)
SELECT n.name,
       n.key,
       intake_place(n.key, $lead_re) AS place,
       n.core,
       intake_trade(n.key, $lead_re, $trail_re) AS trade,
       intake_name_plain(n.name) AS plain
FROM names n
WHERE n.key IN (SELECT key FROM match_member_keys)
   OR (length(n.core) >= 4 AND n.core IN (SELECT core_latin FROM match_member_keys))
   OR regexp_matches(n.key, '\p{Han}')
   OR (length(n.core) >= 5
       AND (left(n.core, 4) IN (SELECT left(core_latin, 4) FROM match_member_keys WHERE length(core_latin) >= 5)
            OR right(n.core, 4) IN (SELECT right(core_latin, 4) FROM match_member_keys WHERE length(core_latin) >= 5)))
