-- Leaderboard of plaintiffs/brands ($by = 'brand') or law firms ($by = 'law_firm'; anything else
-- raises) under the global filters, the $limit with most defendant instances. Columns: party,
-- plaintiff (brands only, else NULL), counterparts (distinct law firms of a brand, or distinct
-- brands of a law firm), cases,
-- defendant_instances, members_affected, prev_defendant_instances (same filters over
-- $prev_from..$prev_to, 0 when none), growth (defendant_instances / prev - 1; NULL when prev is
-- 0), default_share (default judgments over defendants with a decided outcome), cases_with_tro,
-- median_days_to_tro, cases_with_pi, median_days_to_pi (filing to the first TRO / PI docket
-- event, median over the cases that have one).
-- Brand and law firm are case columns: a case's first row (case_first) stands for the case in the
-- case counts unless a filter picks rows within cases (rows_filtered); the TRO and PI dates are
-- the fact table's (queries/facts/rebuild.sql).
-- access: analyst leadership
WITH facts AS NOT MATERIALIZED (
    SELECT CASE $by WHEN 'brand' THEN brand
                    WHEN 'law_firm' THEN law_firm
                    ELSE error('unknown party kind: ' || $by) END AS party,
           brand, law_firm, plaintiff, case_key, case_first, filed_on, tro_on, pi_on, defendant_no, member_id,
           outcome
    FROM filtered_facts($date_from, $date_to, $cities, $sectors, $platforms, $ips, $kinds, $courts, $brands, $firms, $members_only)
),
-- rank on a plain count first; the costly distinct counts are then made for the kept parties only
ranked AS (
    SELECT party, count(defendant_no) AS defendant_instances
    FROM facts
    WHERE party IS NOT NULL
    GROUP BY party
    ORDER BY defendant_instances DESC, party
    LIMIT $limit
),
current_period AS (
    SELECT party,
           CASE WHEN $by = 'brand' THEN any_value(plaintiff) END AS plaintiff,
           count(DISTINCT CASE WHEN $by = 'brand' THEN law_firm ELSE brand END) AS counterparts,
           CASE WHEN rows_filtered($cities, $sectors, $platforms, $members_only) THEN count(DISTINCT case_key) ELSE count_if(case_first)::BIGINT END AS cases,
           count(defendant_no) AS defendant_instances,
           count(DISTINCT member_id) AS members_affected,
           count(*) FILTER (WHERE outcome = 'default_judgment')
             / nullif(count(*) FILTER (WHERE outcome IN ('default_judgment', 'settled', 'dismissed', 'won')), 0)
             AS default_share
    FROM facts
    WHERE party IN (SELECT party FROM ranked)
    GROUP BY party
),
previous_period AS (
    SELECT CASE $by WHEN 'brand' THEN brand ELSE law_firm END AS party,
           count(defendant_no) AS defendant_instances
    FROM filtered_facts($prev_from, $prev_to, $cities, $sectors, $platforms, $ips, $kinds, $courts, $brands, $firms, $members_only)
    WHERE party IN (SELECT party FROM ranked)
    GROUP BY ALL
),
party_cases AS (
    SELECT DISTINCT party, case_key, filed_on, tro_on, pi_on
    FROM facts
    WHERE party IN (SELECT party FROM current_period) AND (case_first OR rows_filtered($cities, $sectors, $platforms, $members_only))
),
timing AS (
    SELECT party,
           count(tro_on) AS cases_with_tro,
           median(tro_on - filed_on) AS median_days_to_tro,
           count(pi_on) AS cases_with_pi,
           median(pi_on - filed_on) AS median_days_to_pi
    FROM party_cases
    GROUP BY party
)
SELECT c.party, c.plaintiff, c.counterparts, c.cases, c.defendant_instances, c.members_affected,
       coalesce(v.defendant_instances, 0) AS prev_defendant_instances,
       c.defendant_instances / nullif(v.defendant_instances, 0) - 1 AS growth,
       c.default_share,
       t.cases_with_tro, t.median_days_to_tro, t.cases_with_pi, t.median_days_to_pi
FROM current_period c
LEFT JOIN previous_period v USING (party)
LEFT JOIN timing t USING (party)
ORDER BY c.defendant_instances DESC, c.party
