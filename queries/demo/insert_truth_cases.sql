-- Demo generator: inserts the planted cases of each truth item from the registered frame
-- demo_truth_cases_src (truth_id, case_idx) via the temp table demo_case; returns nothing.
INSERT INTO demo_truth_cases (truth_id, case_id)
SELECT t.truth_id, c.case_id
FROM demo_truth_cases_src t
JOIN demo_case c ON c.case_idx = t.case_idx
ORDER BY t.truth_id, c.case_idx
