-- Records that schema version $version was applied; returns nothing.
INSERT INTO schema_version (version, applied_at) VALUES ($version, current_timestamp)
