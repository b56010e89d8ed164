-- access: analyst
-- Matching keys of the names in $names (name, key, place, core, trade): the normalised key, its
-- leading place words, the trade-name core and the trailing trade words (patterns $lead_re,
-- $trail_re from casewatch.matching). Needs the ingest/macros of this cursor.
SELECT name,
       intake_name_key(name) AS key,
       intake_place(intake_name_key(name), $lead_re) AS place,
       intake_core_key(intake_name_key(name), $lead_re, $trail_re) AS core,
       intake_trade(intake_name_key(name), $lead_re, $trail_re) AS trade
FROM (SELECT DISTINCT unnest($names) AS name)
WHERE name IS NOT NULL
