-- access: analyst
-- Sets queued docket $docket_id aside as not an IP case ($why says what it is): it is not imported
-- and waits for a newer version of itself, as a rejected one does; returns nothing.
UPDATE feed_queue SET status = 'not_ip', last_error = $why WHERE docket_id = $docket_id
