-- The overview KPI row for the global filters. One row:
-- cases (distinct cases filed), defendant_instances (defendant rows), members_affected (distinct
-- members among the defendants), frozen_usd (sum, 0 when none), default_share (default judgments
-- over defendants with a decided outcome; NULL when none is decided).
-- For a member the whole row is NULL when fewer than 3 members make it up (small-cell suppression).
-- Counted per outcome first (a handful of groups, so each outcome is compared once rather than per
-- row), then combined: the case and member key bitmaps are OR-ed, so the distinct counts stay exact.
-- access: analyst leadership member
WITH per_outcome AS (
    SELECT outcome,
           bitstring_agg(case_key) AS case_keys,
           bitstring_agg(member_key) AS member_keys,
           count(defendant_no) AS defendant_instances,
           sum(frozen_usd) AS frozen_usd,
           count(*) AS n
    FROM filtered_facts($date_from, $date_to, $cities, $sectors, $platforms, $ips, $kinds, $courts, $brands, $firms, $members_only)
    GROUP BY outcome
),
cell AS (
    SELECT coalesce(bit_count(bit_or(case_keys)), 0) AS cases,
           coalesce(sum(defendant_instances), 0)::BIGINT AS defendant_instances,
           coalesce(bit_count(bit_or(member_keys)), 0) AS members_affected,
           coalesce(sum(frozen_usd), 0) AS frozen_usd,
           coalesce(sum(n) FILTER (WHERE outcome = 'default_judgment'), 0)
             / nullif(sum(n) FILTER (WHERE outcome IN ('default_judgment', 'settled', 'dismissed', 'won')), 0)
             AS default_share
    FROM per_outcome
)
SELECT CASE WHEN $viewer_member = '' OR members_affected >= 3 THEN COLUMNS(*) END
FROM cell
