-- The data cut-off: one row, one column cutoff = the latest date anywhere in the data (filing,
-- closing or docket event); NULL for an empty database. Open matters are censored there.
-- access: analyst leadership
SELECT greatest((SELECT max(filed_on) FROM cases),
                (SELECT max(closed_on) FROM cases),
                (SELECT max(event_on) FROM events)) AS cutoff
