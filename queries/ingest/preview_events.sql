-- access: analyst
-- The first $limit parsed rows of the current events file (row_no and the events columns).
SELECT row_no, case_id, event_on, kind, defendant_no, detail FROM intake_events ORDER BY row_no LIMIT $limit
