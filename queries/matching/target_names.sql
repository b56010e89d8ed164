-- access: analyst
-- Distinct store names of match_targets with their keys (name, key, place, core, trade), for those
-- not matched by seller id, whose key has Chinese characters or that share a key, a core, or a
-- three-character prefix or suffix with a member name key in match_member_keys.
WITH names AS (
    SELECT DISTINCT t.store_name AS name, t.key, t.core
    FROM match_targets t
    WHERE t.key IS NOT NULL AND t.key <> ''
)
SELECT n.name,
       n.key,
       intake_place(n.key, $lead_re) AS place,
       n.core,
       intake_trade(n.key, $lead_re, $trail_re) AS trade
FROM names n
WHERE regexp_matches(n.key, '\p{Han}')
   OR EXISTS (SELECT 1 FROM match_member_keys m
              WHERE m.key = n.key OR (m.core_latin = n.core AND length(n.core) >= 4)
                 OR (length(n.key) >= 5 AND (left(m.key, 3) = left(n.key, 3) OR right(m.key, 3) = right(n.key, 3))
                     AND abs(length(m.key) - length(n.key)) <= 0.25 * greatest(length(m.key), length(n.key))))
