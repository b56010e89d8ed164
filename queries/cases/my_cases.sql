-- A member's own defendant rows with the deadlines computed from the docket events. The member is
-- the viewer for a member scope ($member is then ignored, so a link cannot name another member) and
-- $member for staff. One row per defendant row of the member: case_id, court, docket_number,
-- case_name, filed_on, closed_on, plaintiff, brand, law_firm, defendant_no, store_name, platform,
-- outcome, frozen_usd, settlement_usd, appeared, tro_on, tro_expires_on, pi_on, pi_hearing_by,
-- served_on, answer_due_on, open (the matter is still running for this defendant), next_deadline
-- (the earliest deadline on or after $today while open), contact_name_zh, contact_name_en,
-- contact_email, contact_phone; open matters first, by next deadline, then newest filing.
-- Rules (assumptions, also shown on the page):
--   tro_expires_on = the latest TRO event + $tro_days (a TRO lasts 14 days; an extended or
--     re-issued TRO is entered as another tro event); no longer a deadline once a PI is entered;
--   pi_hearing_by = tro_expires_on while no PI is entered (the hearing must come before the TRO lapses);
--   served_on = the first TRO (Schedule A courts authorise e-mail service in the TRO), else the filing;
--   answer_due_on = served_on + $answer_days (21 days after service), unless the defendant appeared.
-- Events about another defendant of the same case do not count.
-- access: analyst member
WITH viewer AS (
    SELECT CASE WHEN $viewer_member = '' THEN $member ELSE $viewer_member END AS member_id
),
mine AS (
    SELECT d.*
    FROM defendants d
    JOIN viewer v ON d.member_id = v.member_id
),
milestones AS (
    SELECT m.case_id,
           m.defendant_no,
           min(e.event_on) FILTER (WHERE e.kind = 'tro') AS tro_first_on,
           max(e.event_on) FILTER (WHERE e.kind = 'tro') AS tro_on,
           min(e.event_on) FILTER (WHERE e.kind = 'pi') AS pi_on,
           bool_or(e.kind IN ('default_judgment', 'settled', 'dismissed', 'closed')) AS ended_by_event
    FROM mine m
    LEFT JOIN events e
      ON e.case_id = m.case_id AND (e.defendant_no IS NULL OR e.defendant_no = m.defendant_no)
    GROUP BY m.case_id, m.defendant_no
),
dated AS (
    SELECT m.*,
           c.court,
           c.docket_number,
           c.case_name,
           c.filed_on,
           c.closed_on,
           c.plaintiff,
           c.brand,
           c.law_firm,
           s.tro_on,
           s.tro_on + $tro_days AS tro_expires_on,
           s.pi_on,
           CASE WHEN s.pi_on IS NULL THEN s.tro_on + $tro_days END AS pi_hearing_by,
           coalesce(s.tro_first_on, c.filed_on) AS served_on,
           coalesce(s.tro_first_on, c.filed_on) + $answer_days AS answer_due_on,
           c.closed_on IS NULL
             AND NOT coalesce(s.ended_by_event, false)
             AND coalesce(m.outcome, 'pending') IN ('pending', 'tro', 'pi') AS open
    FROM mine m
    JOIN cases c ON c.case_id = m.case_id
    JOIN milestones s ON s.case_id = m.case_id AND s.defendant_no = m.defendant_no
),
contact AS (
    SELECT d.case_id, d.defendant_no, coalesce(a.contact_id, f.contact_id) AS contact_id
    FROM dated d
    LEFT JOIN case_contacts a ON a.case_id = d.case_id
    LEFT JOIN (SELECT contact_id FROM contacts WHERE is_default ORDER BY contact_id LIMIT 1) f ON true
)
SELECT d.case_id,
       d.court,
       d.docket_number,
       d.case_name,
       d.filed_on,
       d.closed_on,
       d.plaintiff,
       d.brand,
       d.law_firm,
       d.defendant_no,
       d.store_name,
       d.platform,
       d.outcome,
       d.frozen_usd,
       d.settlement_usd,
       d.appeared,
       d.tro_on,
       d.tro_expires_on::DATE AS tro_expires_on,
       d.pi_on,
       d.pi_hearing_by::DATE AS pi_hearing_by,
       d.served_on,
       d.answer_due_on::DATE AS answer_due_on,
       d.open,
       CASE WHEN d.open THEN
           nullif(least(
               CASE WHEN d.pi_on IS NULL AND d.tro_expires_on >= $today THEN d.tro_expires_on::DATE END,
               CASE WHEN d.pi_hearing_by >= $today THEN d.pi_hearing_by::DATE END,
               CASE WHEN NOT coalesce(d.appeared, false) AND d.answer_due_on >= $today THEN d.answer_due_on::DATE END,
               DATE '9999-12-31'), DATE '9999-12-31')
       END AS next_deadline,
       p.name_zh AS contact_name_zh,
       p.name_en AS contact_name_en,
       p.email AS contact_email,
       p.phone AS contact_phone
FROM dated d
JOIN contact k ON k.case_id = d.case_id AND k.defendant_no = d.defendant_no
LEFT JOIN contacts p ON p.contact_id = k.contact_id
ORDER BY d.open DESC, next_deadline NULLS LAST, d.filed_on DESC, d.case_id, d.defendant_no
