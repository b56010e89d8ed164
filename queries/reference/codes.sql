-- Upserts the coded value lists (ip_type, case_kind, outcome, event_kind, size_band) from $path.
INSERT OR REPLACE INTO codes (domain, code, name_zh, name_en)
SELECT domain, code, name_zh, name_en
FROM read_csv($path, header = true, all_varchar = true)
