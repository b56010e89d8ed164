-- Version 48: the outcomes the court record states, once for every case whose record is a docket's
-- (source courtlistener or pacer), as imports now set them (queries/ingest/docket_outcomes.sql, a
-- snapshot of which this is: a migration stays as it ran). Before, a docket's TRO, PI and endings
-- left its defendants pending. Running it again changes nothing; the upgrade rebuilds the facts.
UPDATE defendants AS d
SET outcome = chosen.outcome
FROM (
    SELECT d.case_id,
           d.defendant_no,
           coalesce(
               arg_min(e.kind, e.event_on) FILTER (WHERE e.ending AND e.defendant_no IS NOT NULL),
               arg_min(e.kind, e.event_on) FILTER (WHERE e.ending),
               CASE WHEN bool_or(e.kind = 'pi') THEN 'pi' WHEN bool_or(e.kind = 'tro') THEN 'tro' END
           ) AS outcome
    FROM defendants AS d
    JOIN (
        SELECT case_id, defendant_no, kind, event_on, kind IN ('default_judgment', 'settled', 'dismissed') AS ending
        FROM events
        WHERE case_id IN (SELECT case_id FROM cases WHERE source IN ('courtlistener', 'pacer'))
          AND kind IN ('tro', 'pi', 'default_judgment', 'settled', 'dismissed')
          AND partial IS NOT TRUE
    ) AS e ON e.case_id = d.case_id AND (e.defendant_no = d.defendant_no OR e.defendant_no IS NULL)
    WHERE d.outcome IN ('pending', 'tro', 'pi')
    GROUP BY d.case_id, d.defendant_no
) AS chosen
WHERE d.case_id = chosen.case_id
  AND d.defendant_no = chosen.defendant_no
  AND chosen.outcome IS NOT NULL
  AND (CASE chosen.outcome WHEN 'tro' THEN 1 WHEN 'pi' THEN 2 ELSE 3 END)
      > (CASE d.outcome WHEN 'pending' THEN 0 WHEN 'tro' THEN 1 ELSE 2 END);
