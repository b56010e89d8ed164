-- Time from filing to each milestone, per case, aggregated for Kaplan–Meier curves. Cases are
-- those with at least one row under the global filters; $split groups them by 'none' (one group
-- ''), 'court', 'law_firm' or 'ip_type' (anything else raises); the $limit largest groups keep
-- their own curve, the rest are pooled under '_other'. Milestones: tro, pi, default_judgment
-- (first docket event of that kind) and closed (the 'closed' event, else cases.closed_on).
-- A case without the milestone is censored at $cutoff (the data cut-off); a milestone dated
-- before filing counts at day 0. One row per (grp, milestone, days). Columns: grp, milestone,
-- days, events (cases reaching the milestone that day), censored (cases censored that day).
-- access: analyst leadership
-- The milestone dates are the fact table's (queries/facts/rebuild.sql), so one scan does; it
-- reads a case's first row only, unless a filter picks rows within cases (rows_filtered).
WITH scope AS (
    SELECT case_key,
           any_value(filed_on) AS filed_on,
           any_value(tro_on) AS tro,
           any_value(pi_on) AS pi,
           any_value(default_judgment_on) AS default_judgment,
           any_value(closed_milestone_on) AS closed,
           coalesce(any_value(CASE $split WHEN 'none' THEN ''
                                          WHEN 'court' THEN court
                                          WHEN 'law_firm' THEN law_firm
                                          WHEN 'ip_type' THEN ip_type
                                          ELSE error('unknown split: ' || $split) END), '') AS grp
    FROM filtered_facts($date_from, $date_to, $cities, $sectors, $platforms, $ips, $kinds, $courts, $brands, $firms, $members_only)
    WHERE case_first OR rows_filtered($cities, $sectors, $platforms, $members_only)
    GROUP BY case_key
),
ranked AS (
    SELECT grp, row_number() OVER (ORDER BY count(*) DESC, grp) AS rank
    FROM scope
    GROUP BY grp
),
per_case AS (
    SELECT CASE WHEN r.rank <= $limit THEN s.grp ELSE '_other' END AS grp,
           s.filed_on, s.tro, s.pi, s.default_judgment, s.closed
    FROM scope s
    JOIN ranked r USING (grp)
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
