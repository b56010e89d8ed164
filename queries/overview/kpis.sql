-- The overview KPI row for the global filters. One row:
-- cases (distinct cases filed), defendant_instances (defendant rows), members_affected (distinct
-- members among the defendants), frozen_usd (sum, 0 when none), default_share (default judgments
-- over defendants with a decided outcome; NULL when none is decided).
-- For a member the whole row is NULL when fewer than 3 members make it up (small-cell suppression),
-- and otherwise perturbed (docs/privacy.md): each count moves by at most 2 by its cell key, the
-- amount is the sum of every contributor's amount times its fixed factor, and default_share is the
-- ratio of the perturbed counts of default judgments and decided outcomes.
-- Counted per outcome first (a handful of groups, so each outcome is compared once rather than per
-- row), then combined: the case and member key bitmaps are OR-ed, so the distinct counts stay exact.
-- Unless a filter picks rows within cases (rows_filtered), cases are counted by their first rows
-- (case_first: one per case, in one outcome group) and the case key bitmaps are not built at all.
-- access: analyst leadership member
WITH per_outcome AS (
    SELECT outcome,
           CASE WHEN rows_filtered($cities, $sectors, $platforms, $members_only) THEN bitstring_agg(case_key) END AS case_keys,
           count_if(case_first) AS first_rows,
           bitstring_agg(member_key) AS member_keys,
           count(defendant_no) AS defendant_instances,
           sum(frozen_usd) AS frozen_usd,
           count(*) AS n,
           keyed_sum($viewer_member, ck_cases) AS ck_cases,
           keyed_sum($viewer_member, ck_defendants) AS ck_defendants,
           keyed_sum($viewer_member, ck_members) AS ck_members,
           keyed_sum($viewer_member, ck_default) AS ck_default,
           keyed_sum($viewer_member, ck_decided) AS ck_decided,
           keyed_sum($viewer_member, frozen_usd * amount_factor) AS frozen_noisy
    FROM filtered_facts($date_from, $date_to, $cities, $sectors, $platforms, $ips, $kinds, $courts, $brands, $firms, $members_only)
    GROUP BY outcome
),
cell AS (
    SELECT CASE WHEN rows_filtered($cities, $sectors, $platforms, $members_only) THEN coalesce(bit_count(bit_or(case_keys)), 0)
                ELSE coalesce(sum(first_rows), 0)::BIGINT END AS cases,
           coalesce(sum(defendant_instances), 0)::BIGINT AS defendant_instances,
           coalesce(bit_count(bit_or(member_keys)), 0) AS members_affected,
           coalesce(sum(frozen_usd), 0) AS frozen_usd,
           coalesce(sum(n) FILTER (WHERE outcome = 'default_judgment'), 0)::BIGINT AS defaults,
           coalesce(sum(n) FILTER (WHERE outcome IN ('default_judgment', 'settled', 'dismissed', 'won')), 0)::BIGINT
             AS decided,
           sum(ck_cases) AS ck_cases,
           sum(ck_defendants) AS ck_defendants,
           sum(ck_members) AS ck_members,
           sum(ck_default) FILTER (WHERE outcome = 'default_judgment') AS ck_default,
           sum(ck_decided) FILTER (WHERE outcome IN ('default_judgment', 'settled', 'dismissed', 'won')) AS ck_decided,
           sum(frozen_noisy) AS frozen_noisy
    FROM per_outcome
),
shown AS (
    SELECT perturbed_count($viewer_member, cases, ck_cases) AS cases,
           perturbed_count($viewer_member, defendant_instances, ck_defendants) AS defendant_instances,
           perturbed_count($viewer_member, members_affected, ck_members) AS members_affected,
           perturbed_amount($viewer_member, frozen_usd, frozen_noisy) AS frozen_usd,
           perturbed_count($viewer_member, defaults, ck_default)
             / nullif(perturbed_count($viewer_member, decided, ck_decided), 0) AS default_share,
           members_affected AS members_exact
    FROM cell
)
SELECT CASE WHEN $viewer_member = '' OR members_exact >= 3 THEN COLUMNS(* EXCLUDE (members_exact)) END
FROM (SELECT * REPLACE (if(default_share > 1, 1.0, default_share) AS default_share) FROM shown)
