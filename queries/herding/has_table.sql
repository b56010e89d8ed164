-- Whether a table of this name exists (the herding cache, or a demo's planted truth). Columns: found.
-- access: analyst leadership
SELECT count(*) > 0 AS found FROM information_schema.tables WHERE table_name = $table
