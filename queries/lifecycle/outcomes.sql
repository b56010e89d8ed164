-- Time from filing to each defendant's outcome, aggregated for cumulative-incidence curves of
-- the competing outcomes, under the global filters. cause is default_judgment, settled,
-- dismissed or won, dated by the defendant's own docket event of that kind, else the case's,
-- else the case's closing date ('won' by a dismissal event or the closing date); a defendant
-- still pending (pending, TRO, PI) or whose outcome has no date is censored (cause NULL) at
-- $cutoff, the data cut-off. Durations before filing count as day 0. One row per (days, cause).
-- Columns: days, cause, matters (defendants).
-- access: analyst leadership
WITH facts AS (
    SELECT case_id, defendant_no, filed_on, closed_on, outcome
    FROM filtered_facts($date_from, $date_to, $cities, $sectors, $platforms, $ips, $kinds, $courts, $brands, $firms, $members_only)
    WHERE defendant_no IS NOT NULL
),
dated AS (
    SELECT case_id,
           defendant_no,
           min(event_on) FILTER (WHERE kind = 'default_judgment') AS default_judgment,
           min(event_on) FILTER (WHERE kind = 'settled') AS settled,
           min(event_on) FILTER (WHERE kind = 'dismissed') AS dismissed
    FROM events
    WHERE kind IN ('default_judgment', 'settled', 'dismissed')
      AND case_id IN (SELECT case_id FROM facts)
    GROUP BY case_id, defendant_no
),
resolved AS (
    SELECT f.filed_on,
           f.outcome,
           CASE f.outcome
               WHEN 'default_judgment' THEN coalesce(d.default_judgment, c.default_judgment, f.closed_on)
               WHEN 'settled' THEN coalesce(d.settled, c.settled, f.closed_on)
               WHEN 'dismissed' THEN coalesce(d.dismissed, c.dismissed, f.closed_on)
               WHEN 'won' THEN coalesce(d.dismissed, c.dismissed, f.closed_on)
           END AS resolved_on
    FROM facts f
    LEFT JOIN dated d ON d.case_id = f.case_id AND d.defendant_no = f.defendant_no
    LEFT JOIN dated c ON c.case_id = f.case_id AND c.defendant_no IS NULL
)
SELECT greatest(coalesce(resolved_on, $cutoff::DATE) - filed_on, 0) AS days,
       CASE WHEN resolved_on IS NOT NULL THEN outcome END AS cause,
       count(*) AS matters
FROM resolved
GROUP BY ALL
ORDER BY days, cause
