-- Monthly trend with smoothing and year-over-year change under the global filters: one row per
-- month from $date_from's month to $date_to's (months without cases included with zeros).
-- Columns: month, cases, defendant_instances, members_affected, cases_ma3 and
-- defendant_instances_ma3 (mean of this month and the two before), cases_prev_year and
-- defendant_instances_prev_year (the same month a year earlier), cases_yoy and
-- defendant_instances_yoy (this / a year earlier - 1; NULL when the year-earlier month is 0).
-- Months before $date_from are read in full (same other filters) only to feed the moving
-- average and the year-earlier values; the months shown count exactly what the filters select.
-- access: analyst leadership
WITH lookback AS (
    SELECT (date_trunc('month', $date_from::DATE) - INTERVAL 12 MONTH)::DATE AS start
),
counts AS (
    SELECT month,
           key_count(case_key) AS cases,
           count(defendant_no) AS defendant_instances,
           key_count(member_key) AS members_affected
    FROM filtered_facts((SELECT start FROM lookback), $date_to, $cities, $sectors, $platforms, $ips, $kinds,
                        $courts, $brands, $firms, $members_only)
    WHERE filed_on >= $date_from OR filed_on < date_trunc('month', $date_from::DATE)
    GROUP BY month
),
months AS (
    SELECT unnest(generate_series((SELECT start FROM lookback),
                                  date_trunc('month', $date_to::DATE),
                                  INTERVAL 1 MONTH))::DATE AS month
),
series AS (
    SELECT m.month,
           coalesce(c.cases, 0) AS cases,
           coalesce(c.defendant_instances, 0) AS defendant_instances,
           coalesce(c.members_affected, 0) AS members_affected
    FROM months m
    LEFT JOIN counts c USING (month)
),
smoothed AS (
    SELECT *,
           avg(cases) OVER w3 AS cases_ma3,
           avg(defendant_instances) OVER w3 AS defendant_instances_ma3,
           lag(cases, 12) OVER w AS cases_prev_year,
           lag(defendant_instances, 12) OVER w AS defendant_instances_prev_year
    FROM series
    WINDOW w AS (ORDER BY month),
           w3 AS (ORDER BY month ROWS BETWEEN 2 PRECEDING AND CURRENT ROW)
)
SELECT month, cases, defendant_instances, members_affected, cases_ma3, defendant_instances_ma3,
       cases_prev_year, defendant_instances_prev_year,
       cases / nullif(cases_prev_year, 0) - 1 AS cases_yoy,
       defendant_instances / nullif(defendant_instances_prev_year, 0) - 1 AS defendant_instances_yoy
FROM smoothed
WHERE month >= date_trunc('month', $date_from::DATE)
ORDER BY month
