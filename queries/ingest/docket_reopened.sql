-- access: analyst
-- A docket that states no date of termination for case $case_id (reopened, where an earlier reading
-- stored one): the case's own "Case terminated" event that reading made from the date goes (an
-- entry's "Civil case terminated" stays: the docket still holds it). The case's closed_on changes
-- with it, which puts the case in facts_touched. Returns nothing.
DELETE FROM events
WHERE case_id = $case_id AND kind = 'closed' AND defendant_no IS NULL AND detail = 'Case terminated';
