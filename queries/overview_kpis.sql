-- The overview KPI row for the global filters. One row:
-- cases (distinct cases filed), defendant_instances (defendant rows), members_affected (distinct
-- members among the defendants), frozen_usd (sum, 0 when none), default_share (default judgments
-- over defendants with a decided outcome; NULL when none is decided).
-- For a member the whole row is NULL when fewer than 3 members make it up (small-cell suppression).
-- access: analyst leadership member
WITH cell AS (
    SELECT count(DISTINCT case_key) AS cases,
           count(defendant_no) AS defendant_instances,
           count(DISTINCT member_id) AS members_affected,
           coalesce(sum(frozen_usd), 0) AS frozen_usd,
           count(*) FILTER (WHERE outcome = 'default_judgment')
             / nullif(count(*) FILTER (WHERE outcome IN ('default_judgment', 'settled', 'dismissed', 'won')), 0)
             AS default_share
    FROM filtered_facts($date_from, $date_to, $cities, $sectors, $platforms, $ips, $kinds, $courts, $brands, $firms, $members_only)
)
SELECT CASE WHEN $viewer_member = '' OR members_affected >= 3 THEN COLUMNS(*) END
FROM cell
