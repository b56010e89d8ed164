-- Version 44: frcp_due on a last day outside table court_days (before 1980 or after 2100, the years
-- whose holidays casewatch/deadlines.py lists) runs a Saturday or a Sunday to the Monday, as
-- casewatch.deadlines.frcp_due does there; it added the days plainly (found in review). Within
-- those years nothing changes: the table's next court day, holidays included.
CREATE OR REPLACE MACRO frcp_due(start_on, days) AS (
    SELECT coalesce(
        max(k.next_court_day),
        CAST(start_on AS DATE) + days
            + CASE dayofweek(CAST(start_on AS DATE) + days) WHEN 6 THEN 2 WHEN 0 THEN 1 ELSE 0 END)
    FROM court_days k WHERE k.day = CAST(start_on AS DATE) + days
);
