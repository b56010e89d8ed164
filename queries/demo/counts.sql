-- Demo generator: row counts of what was written (members, member_stores, cases, defendants,
-- events, truth_rows) and the number of planted waves and cohorts.
SELECT (SELECT count(*) FROM members) AS members,
       (SELECT count(*) FROM member_stores) AS member_stores,
       (SELECT count(*) FROM cases) AS cases,
       (SELECT count(*) FROM defendants) AS defendants,
       (SELECT count(*) FROM events) AS events,
       (SELECT count(*) FROM demo_truth) AS truth_rows,
       (SELECT count(DISTINCT truth_id) FROM demo_truth WHERE kind = 'wave') AS waves,
       (SELECT count(DISTINCT truth_id) FROM demo_truth WHERE kind = 'cohort') AS cohorts
