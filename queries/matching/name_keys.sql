-- access: analyst
-- Matching keys of the names in $names (name, key, place, core, trade, plain): the normalised key,
-- its leading place words, the trade-name core, the trailing trade words (patterns $lead_re,
-- $trail_re from casewatch.matching) and the whole name without punctuation
-- (queries/ingest/macros.sql). Needs the ingest/macros of this cursor.
SELECT name,
       key,
       intake_place(key, $lead_re) AS place,
       intake_core_key(key, $lead_re, $trail_re) AS core,
       intake_trade(key, $lead_re, $trail_re) AS trade,
       plain
-- the key a layer apart: planned once, not once for each of the four columns that read it
FROM (SELECT name, intake_name_key(name) AS key, intake_name_plain(name) AS plain
      FROM (SELECT DISTINCT unnest($names) AS name)
      WHERE name IS NOT NULL)
