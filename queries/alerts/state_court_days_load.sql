-- access: analyst
-- Replaces state_court_days with the registered frame state_court_days_frame(state, day, holiday,
-- next_court_day) (casewatch/deadlines.py); returns nothing.
DELETE FROM state_court_days;
INSERT INTO state_court_days (state, day, holiday, next_court_day)
SELECT state, CAST(day AS DATE), holiday, CAST(next_court_day AS DATE)
FROM state_court_days_frame
ORDER BY state, day
