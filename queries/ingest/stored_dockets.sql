-- access: analyst
-- Stored docket numbers by the keys a file may name them with (kind): "same" - a number stored
-- before numbers were normalised ("1:24-CV-5555"), by its normalised form; "bare" - a federal
-- number with its office, by the number without it ("24-cv-05555"); "officeless" - a federal
-- number stored without its office, by itself (a later file may give the office). A key naming
-- two stored numbers names none. Returns nothing.
DELETE FROM intake_stored_dockets;
INSERT INTO intake_stored_dockets
WITH stored AS MATERIALIZED (
    SELECT court, docket_number,
           CASE WHEN regexp_full_match(docket_number, '\d{1,2}:\d{2}-[a-z]{1,4}-(\d{5}|[1-9]\d{5})') THEN docket_number
                ELSE intake_docket(docket_number) END AS norm
    FROM cases
),
keyed AS (
    SELECT court, norm AS key, 'same' AS kind, docket_number FROM stored WHERE norm <> docket_number
    UNION ALL
    SELECT court, substr(norm, strpos(norm, ':') + 1), 'bare', docket_number
    FROM stored WHERE regexp_full_match(norm, '\d{1,2}:\d{2}-[a-z]{1,4}-\d{5,6}')
    UNION ALL
    SELECT court, norm, 'officeless', docket_number
    FROM stored WHERE regexp_full_match(norm, '\d{2}-[a-z]{1,4}-\d{5,6}')
)
SELECT court, key, kind, any_value(docket_number) AS docket_number
FROM keyed
GROUP BY ALL
HAVING count(DISTINCT docket_number) = 1;
