-- access: analyst
-- A defendant list (any file but a docket) that names a defendant a docket's party list put there
-- makes it the list's: a docket imported again no longer drops it. Returns nothing.
DELETE FROM docket_parties
WHERE (case_id, defendant_no) IN (SELECT case_id, defendant_no FROM intake_defendants_keyed)
