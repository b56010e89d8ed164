-- access: analyst
-- The US states the courts of table courts sit in (their holidays count, FRCP 6(a)(6)(C)): state.
SELECT DISTINCT state FROM courts WHERE coalesce(state, '') <> '' ORDER BY state
