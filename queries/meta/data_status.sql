-- Data freshness for the page footer: one row (data_version, data_updated_at, demo, last_import_at).
-- access: analyst leadership member
SELECT (SELECT value FROM meta WHERE key = 'data_version') AS data_version,
       (SELECT value FROM meta WHERE key = 'data_updated_at') AS data_updated_at,
       coalesce((SELECT value FROM meta WHERE key = 'demo'), 'false') = 'true' AS demo,
       (SELECT max("at") FROM imports WHERE status = 'ok') AS last_import_at
