-- A member's own defendant rows with the deadlines computed from the docket events. The member is
-- the viewer for a member scope ($member is then ignored, so a link cannot name another member) and
-- $member for staff. One row per defendant row of the member: case_id, court, docket_number,
-- case_name, filed_on, closed_on, plaintiff, brand, law_firm, defendant_no, store_name, platform,
-- outcome, frozen_usd, settlement_usd, appeared, tro_on, tro_expires_on, pi_on, pi_hearing_by,
-- served_on, answer_due_on, deadlines_counted (the forum is a US federal district court, whose
-- rules the deadlines are: else they are NULL), open (the matter is still running for this
-- defendant), next_deadline (the earliest deadline on or after $today while open), contact_name_zh, contact_name_en,
-- contact_email, contact_phone; open matters first, by next deadline, then newest filing.
-- Rules (assumptions, also shown on the page; the macro member_matters of
-- queries/migrations/050_frcp_forums.sql, which the alert rules read too):
--   tro_expires_on = the TRO event + $tro_days (a TRO lasts 14 days); an order extending it before
--     it lapses (another tro event) adds $tro_days to the expiry it had (FRCP 65(b)(2), "for a like
--     period"), any other later TRO order counts from its own entry; no longer a deadline once a
--     PI is entered;
--   pi_hearing_by = tro_expires_on while no PI is entered (the hearing must come before the TRO lapses);
--   served_on = the first TRO (Schedule A courts authorise e-mail service in the TRO), else the filing;
--   answer_due_on = served_on + $answer_days (21 days after service), unless the defendant appeared;
--   every period is counted by FRCP 6(a)(1): a last day on a Saturday, Sunday, US federal legal
--     holiday or holiday of the court's state runs to the next day that is none of these (frcp_due,
--     tables court_days and state_court_days);
--   these are the Federal Rules of Civil Procedure's deadlines: counted for a US federal district
--     court only (courts: country US with a state), NULL for any other forum (a court outside the
--     US, the EUIPO, the USITC, CBP, a marketplace complaint), which has no next_deadline from them.
-- Events about another defendant of the same case do not count.
-- access: analyst member
WITH dated AS (
    SELECT *
    FROM member_matters(CASE WHEN $viewer_member = '' THEN $member ELSE $viewer_member END, $tro_days, $answer_days)
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
       d.deadlines_counted,
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
