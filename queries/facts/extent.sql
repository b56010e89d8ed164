-- Size and time extent of the data, for benchmark labels: one row (defendants, fact_rows, latest_filed_on).
SELECT (SELECT count(*) FROM defendants) AS defendants,
       count(*) AS fact_rows,
       max(filed_on) AS latest_filed_on
FROM defendant_facts
