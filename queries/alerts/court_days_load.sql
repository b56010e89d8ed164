-- access: analyst
-- Replaces court_days with the registered frame court_days_frame(day, holiday, next_court_day)
-- (casewatch/deadlines.py); returns nothing.
DELETE FROM court_days;
INSERT INTO court_days (day, holiday, next_court_day)
SELECT CAST(day AS DATE), holiday, CAST(next_court_day AS DATE) FROM court_days_frame ORDER BY day
