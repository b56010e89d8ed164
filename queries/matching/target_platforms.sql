-- access: analyst
-- The platforms each store name of match_identities is listed on (store_name, platform; platform
-- NULL when a list does not say): the same name is decided apart on each platform.
SELECT DISTINCT store_name, platform
FROM match_identities
WHERE key IS NOT NULL AND key <> ''
