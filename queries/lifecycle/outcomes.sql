-- Time from filing to each defendant's outcome, aggregated for cumulative-incidence curves of
-- the competing outcomes, under the global filters. cause is default_judgment, settled,
-- dismissed or won, dated by the defendant's own docket event of that kind, else the case's,
-- else the case's closing date ('won' by a dismissal event or the closing date); a defendant
-- still pending (pending, TRO, PI) or whose outcome has no date is censored (cause NULL) at
-- $cutoff, the data cut-off. Durations before filing count as day 0. One row per (days, cause).
-- Columns: days, cause, matters (defendants).
-- access: analyst leadership
-- Each defendant's outcome date is the fact table's resolved_on (queries/facts/rebuild.sql).
SELECT greatest(coalesce(resolved_on, $cutoff::DATE) - filed_on, 0) AS days,
       CASE WHEN resolved_on IS NOT NULL THEN outcome END AS cause,
       count(*)::BIGINT AS matters
FROM filtered_facts($date_from, $date_to, $cities, $sectors, $platforms, $ips, $kinds, $courts, $brands, $firms, $members_only)
WHERE defendant_no IS NOT NULL
GROUP BY ALL
ORDER BY days, cause
