-- Demo generator: inserts docket events from the registered frame demo_event_src (case_idx, day
-- since 1970-01-01, kind_i into $kinds, defendant_no or -1 for a case-level event); returns nothing.
INSERT INTO events (case_id, event_on, kind, defendant_no, detail)
SELECT c.case_id,
       DATE '1970-01-01' + e.day,
       $kinds[e.kind_i + 1],
       CASE WHEN e.defendant_no > 0 THEN e.defendant_no END,
       CASE $kinds[e.kind_i + 1]
           WHEN 'filed' THEN CASE WHEN c.case_kind IN ('schedule_a', 'individual')
                                  THEN 'COMPLAINT filed' ELSE 'Matter opened' END
           WHEN 'tro' THEN 'SEALED TEMPORARY RESTRAINING ORDER entered'
           WHEN 'pi' THEN 'PRELIMINARY INJUNCTION entered'
           WHEN 'default_judgment' THEN 'FINAL JUDGMENT ORDER entered against defaulting defendants'
           WHEN 'settled' THEN 'Notice of voluntary dismissal (settlement) as to defendant no. '
                               || e.defendant_no
           WHEN 'dismissed' THEN 'DISMISSED as to defendant no. ' || e.defendant_no
           ELSE 'CIVIL CASE TERMINATED'
       END
FROM demo_event_src e
JOIN demo_case c ON c.case_idx = e.case_idx
