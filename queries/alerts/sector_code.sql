-- The sector code $value names (its case aside), as the sectors table spells it: one row
-- (sector_code), or none when no sector has that code. A watch list's sector entry is a code.
-- access: analyst
SELECT sector_code FROM sectors WHERE upper(sector_code) = upper(trim($value)) ORDER BY sector_code LIMIT 1
