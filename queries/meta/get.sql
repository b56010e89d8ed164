-- One value of the meta key/value table: columns (value). No row when the key is absent.
-- access: analyst leadership member
SELECT value FROM meta WHERE key = $key
