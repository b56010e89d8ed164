-- access: analyst
-- The outcomes the court record states, for the cases the import touched (facts_touched) whose
-- record is a docket's (source courtlistener or pacer: a docket file, the court feed), whichever of
-- the docket and its Schedule A list came first: a defendant whose outcome is pending, tro or pi
-- moves to the furthest stage the case's events give it - its own ending event (a dismissal,
-- settlement or default judgment naming it; the first, if several), else one ending the whole case
-- (not an unresolved entry: partial), else a PI, else a TRO (its own or the case's). A decided
-- outcome (default_judgment, settled, dismissed, won), as a defendant list or an analyst set it,
-- is never changed, nor is a stage moved back. Cases from files alone keep the outcomes their
-- files give. The cases are in facts_touched already, so their facts follow. Returns nothing.
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
        WHERE case_id IN (SELECT t.case_id FROM facts_touched AS t JOIN cases AS c USING (case_id)
                          WHERE c.source IN ('courtlistener', 'pacer'))
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
