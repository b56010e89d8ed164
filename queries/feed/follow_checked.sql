-- access: analyst
-- Docket $docket_id's date_modified was learned at $now (a check for changes); returns nothing.
UPDATE feed_dockets SET checked_at = $now WHERE docket_id = $docket_id
