-- Sets each court's state (the US state a district court sits in, whose holidays count for its
-- deadlines: FRCP 6(a)(6)(C); NULL for any other forum) from the CSV at $path, from schema version
-- 49 on (courts.sql loads the other columns, in every version); returns nothing.
UPDATE courts AS c
SET state = nullif(f.state, '')
FROM read_csv($path, header = true, all_varchar = true) AS f
WHERE f.court = c.court
