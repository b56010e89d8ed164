-- The open deadlines on or after $today of the viewer's (a member) or $member's (staff) stores in
-- case $case_id, as member_matters counts them (FRCP 6(a)(1)): kind (tro_expires | pi_hearing |
-- answer_due), due_on; one row per kind and day, soonest first. None for a forum other than a US
-- federal district court (member_matters leaves its deadlines NULL).
-- access: analyst member
WITH matters AS (
    SELECT * FROM member_matters(CASE WHEN $viewer_member = '' THEN $member ELSE $viewer_member END,
                                 $tro_days, $answer_days)
    WHERE case_id = $case_id AND open
)
SELECT DISTINCT kind, due_on
FROM (
    SELECT 'tro_expires' AS kind, tro_expires_on AS due_on FROM matters WHERE pi_on IS NULL
    UNION ALL SELECT 'pi_hearing', pi_hearing_by FROM matters
    UNION ALL SELECT 'answer_due', answer_due_on FROM matters WHERE NOT coalesce(appeared, false)
)
WHERE due_on >= $today
ORDER BY due_on, kind
