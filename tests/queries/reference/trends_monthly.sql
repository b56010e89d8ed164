-- Monthly trend with smoothing and year-over-year change under the global filters: one row per
-- month from $date_from's month to $date_to's (months without cases included with zeros).
-- Columns: month, cases, defendant_instances, members_affected (what the filters select: a month
-- cut by $date_from or $date_to counts only its days inside), cases_ma3 and
-- defendant_instances_ma3 (mean of this month and the two before, each counted whole, so a month
-- cut by the date filter does not drag the average down), cases_prev_year and
-- defendant_instances_prev_year (the same days a year earlier: the whole month a year earlier,
-- or for a cut month its days inside the filter, shifted by a year), cases_yoy and
-- defendant_instances_yoy (this / a year earlier - 1; NULL when the year earlier is 0).
-- Months outside the date filter are read (same other filters) only for those comparisons.
-- key_count needs stored columns, so each count reads filtered_facts itself.
-- access: analyst leadership
WITH bounds AS (
    SELECT (date_trunc('month', $date_from::DATE) - INTERVAL 12 MONTH)::DATE AS start,
           last_day($date_to::DATE) AS stop
),
shown AS (
    SELECT month,
           key_count(case_key) AS cases,
           count(defendant_no) AS defendant_instances,
           key_count(member_key) AS members_affected
    FROM filtered_facts($date_from, $date_to, $cities, $sectors, $platforms, $ips, $kinds,
                        $courts, $brands, $firms, $members_only)
    GROUP BY month
),
whole AS (
    SELECT month, key_count(case_key) AS cases, count(defendant_no) AS defendant_instances
    FROM filtered_facts((SELECT start FROM bounds), (SELECT stop FROM bounds), $cities, $sectors, $platforms, $ips,
                        $kinds, $courts, $brands, $firms, $members_only)
    GROUP BY month
),
year_before AS (
    SELECT (month + INTERVAL 12 MONTH)::DATE AS month,
           key_count(case_key) AS cases,
           count(defendant_no) AS defendant_instances
    FROM filtered_facts(($date_from::DATE - INTERVAL 1 YEAR)::DATE,
                        -- a filter ending on a month's last day reaches the last day a year earlier (Feb 29)
                        CASE WHEN $date_to::DATE = last_day($date_to::DATE)
                             THEN last_day(($date_to::DATE - INTERVAL 1 YEAR)::DATE)
                             ELSE ($date_to::DATE - INTERVAL 1 YEAR)::DATE END,
                        $cities, $sectors, $platforms, $ips, $kinds, $courts, $brands, $firms, $members_only)
    GROUP BY month
),
months AS (
    SELECT unnest(generate_series((SELECT start FROM bounds),
                                  date_trunc('month', $date_to::DATE),
                                  INTERVAL 1 MONTH))::DATE AS month
),
series AS (
    SELECT m.month,
           coalesce(s.cases, 0) AS cases,
           coalesce(s.defendant_instances, 0) AS defendant_instances,
           coalesce(s.members_affected, 0) AS members_affected,
           coalesce(w.cases, 0) AS whole_cases,
           coalesce(w.defendant_instances, 0) AS whole_defendant_instances,
           coalesce(y.cases, 0) AS cases_prev_year,
           coalesce(y.defendant_instances, 0) AS defendant_instances_prev_year
    FROM months m
    LEFT JOIN shown s USING (month)
    LEFT JOIN whole w USING (month)
    LEFT JOIN year_before y USING (month)
),
smoothed AS (
    SELECT *,
           avg(whole_cases) OVER w3 AS cases_ma3,
           avg(whole_defendant_instances) OVER w3 AS defendant_instances_ma3
    FROM series
    WINDOW w3 AS (ORDER BY month ROWS BETWEEN 2 PRECEDING AND CURRENT ROW)
)
SELECT month, cases, defendant_instances, members_affected, cases_ma3, defendant_instances_ma3,
       cases_prev_year, defendant_instances_prev_year,
       cases / nullif(cases_prev_year, 0) - 1 AS cases_yoy,
       defendant_instances / nullif(defendant_instances_prev_year, 0) - 1 AS defendant_instances_yoy
FROM smoothed
WHERE month >= date_trunc('month', $date_from::DATE)
ORDER BY month
