-- Time from filing to each milestone, per case, aggregated for Kaplan–Meier curves. Cases are
-- those with at least one row under the global filters; $split groups them by 'none' (one group
-- ''), 'court', 'law_firm' or 'ip_type' (anything else raises); the $limit largest groups keep
-- their own curve, the rest are pooled under '_other'. Milestones: tro, pi, default_judgment
-- (first docket event of that kind) and closed (the 'closed' event, else cases.closed_on).
-- A case without the milestone is censored at $cutoff (the data cut-off); a milestone dated
-- before filing counts at day 0. One row per (grp, milestone, days). Columns: grp, milestone,
-- days, events (cases reaching the milestone that day), censored (cases censored that day).
-- access: analyst leadership
WITH scope AS (
    SELECT case_key,
           any_value(case_id) AS case_id,
           any_value(filed_on) AS filed_on,
           any_value(closed_on) AS closed_on,
           coalesce(any_value(CASE $split WHEN 'none' THEN ''
                                          WHEN 'court' THEN court
                                          WHEN 'law_firm' THEN law_firm
                                          WHEN 'ip_type' THEN ip_type
                                          ELSE error('unknown split: ' || $split) END), '') AS grp
    FROM filtered_facts($date_from, $date_to, $cities, $sectors, $platforms, $ips, $kinds, $courts, $brands, $firms, $members_only)
    GROUP BY case_key
),
ranked AS (
    SELECT grp, row_number() OVER (ORDER BY count(*) DESC, grp) AS rank
    FROM scope
    GROUP BY grp
),
reached AS (
    SELECT case_id,
           min(event_on) FILTER (WHERE kind = 'tro') AS tro,
           min(event_on) FILTER (WHERE kind = 'pi') AS pi,
           min(event_on) FILTER (WHERE kind = 'default_judgment') AS default_judgment,
           min(event_on) FILTER (WHERE kind = 'closed') AS closed
    FROM events
    WHERE kind IN ('tro', 'pi', 'default_judgment', 'closed') AND case_id IN (SELECT case_id FROM scope)
    GROUP BY case_id
),
per_case AS (
    SELECT CASE WHEN r.rank <= $limit THEN s.grp ELSE '_other' END AS grp,
           s.filed_on,
           e.tro, e.pi, e.default_judgment,
           coalesce(e.closed, s.closed_on) AS closed
    FROM scope s
    JOIN ranked r USING (grp)
    LEFT JOIN reached e USING (case_id)
),
long AS (
    SELECT * FROM per_case UNPIVOT INCLUDE NULLS (reached_on FOR milestone IN (tro, pi, default_judgment, closed))
)
SELECT grp,
       milestone,
       greatest(coalesce(reached_on, $cutoff::DATE) - filed_on, 0) AS days,
       count(reached_on) AS events,
       count(*) - count(reached_on) AS censored
FROM long
GROUP BY ALL
ORDER BY grp, milestone, days
