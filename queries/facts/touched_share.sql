-- access: analyst
-- How many distinct cases temp table facts_touched names (touched) and how many cases are
-- stored (cases): bump_data_version refreshes their fact rows alone when few are touched.
SELECT (SELECT count(DISTINCT case_id) FROM facts_touched) AS touched, (SELECT count(*) FROM cases) AS cases
