-- Time from filing to each defendant's outcome, aggregated for cumulative-incidence curves of
-- the competing outcomes, under the global filters. cause is default_judgment, settled,
-- dismissed or won, dated by the defendant's own docket event of that kind, else the case's,
-- else the case's closing date ('won' by a dismissal event or the closing date); a defendant
-- still pending (pending, TRO, PI) or whose outcome has no date is censored (cause NULL) at
-- $cutoff, the data cut-off. Durations before filing count as day 0. One row per (days, cause).
-- Columns: days, cause, matters (defendants).
-- access: analyst leadership
WITH facts AS NOT MATERIALIZED (
    SELECT case_key, case_id, defendant_no, filed_on, closed_on, outcome,
           CASE outcome WHEN 'won' THEN 'dismissed' ELSE outcome END AS event_kind
    FROM filtered_facts($date_from, $date_to, $cities, $sectors, $platforms, $ips, $kinds, $courts, $brands, $firms, $members_only)
    WHERE defendant_no IS NOT NULL
),
scope AS (
    SELECT DISTINCT case_id FROM facts
),
outcome_events AS (
    SELECT case_id, defendant_no, kind, min(event_on) AS event_on
    FROM events
    WHERE kind IN ('default_judgment', 'settled', 'dismissed') AND case_id IN (SELECT case_id FROM scope)
    GROUP BY ALL
),
-- defendants dated by an event of their own (looked up only for outcomes such events exist for)
own AS (
    SELECT f.case_key, f.outcome, f.filed_on, e.event_on
    FROM facts f
    JOIN outcome_events e
      ON e.case_id = f.case_id AND e.defendant_no = f.defendant_no AND e.kind = f.event_kind
    WHERE f.event_kind IN (SELECT kind FROM outcome_events WHERE defendant_no IS NOT NULL)
),
own_counts AS (
    SELECT case_key, outcome, count(*) AS matters FROM own GROUP BY ALL
),
-- every other decided defendant, counted per case and outcome, dated by the case
per_case AS (
    SELECT case_key, any_value(case_id) AS case_id, any_value(filed_on) AS filed_on,
           any_value(closed_on) AS closed_on, outcome, any_value(event_kind) AS event_kind, count(*) AS matters
    FROM facts
    WHERE outcome IN ('default_judgment', 'settled', 'dismissed', 'won')
    GROUP BY case_key, outcome
),
by_case AS (
    SELECT p.filed_on, p.outcome, coalesce(e.event_on, p.closed_on) AS resolved_on,
           p.matters - coalesce(o.matters, 0) AS matters
    FROM per_case p
    LEFT JOIN own_counts o ON o.case_key = p.case_key AND o.outcome = p.outcome
    LEFT JOIN outcome_events e ON e.case_id = p.case_id AND e.defendant_no IS NULL AND e.kind = p.event_kind
),
timed AS (
    SELECT event_on - filed_on AS days, outcome AS cause, 1 AS matters FROM own
    UNION ALL
    SELECT coalesce(resolved_on, $cutoff::DATE) - filed_on, CASE WHEN resolved_on IS NOT NULL THEN outcome END, matters
    FROM by_case
    WHERE matters > 0
    UNION ALL
    SELECT $cutoff::DATE - filed_on, NULL, 1
    FROM facts
    WHERE outcome IS NULL OR outcome NOT IN ('default_judgment', 'settled', 'dismissed', 'won')
)
SELECT greatest(days, 0) AS days, cause, sum(matters)::BIGINT AS matters
FROM timed
GROUP BY ALL
ORDER BY days, cause
