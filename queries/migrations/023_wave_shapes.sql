-- Version 23 (issue 23; numbered after its issue so that it cannot collide with a migration landing
-- from another branch): each stored wave's shape (sudden | ramp | multi_city | firm_led | surge)
-- and the month its evidence crossed the threshold (flagged_month; start_month is where it began).
ALTER TABLE herding_waves ADD COLUMN IF NOT EXISTS shape VARCHAR;
ALTER TABLE herding_waves ADD COLUMN IF NOT EXISTS flagged_month DATE;
