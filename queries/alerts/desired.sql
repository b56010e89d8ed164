-- access: analyst
-- Builds temp table alert_desired: every alert the committed data calls for now, one row per rule,
-- subject and recipient (rule, subject, recipient, member_id, case_id, detail, event_on, due_on).
-- Rules (thresholds from casewatch/alerts/rules.py):
--   new_case  - a case not closed, filed within $new_case_days of $today, naming a member's store
--               (a matched link: defendants.member_id) -> that member; every such case -> each analyst;
--   milestone - a TRO, PI or default judgment entered within $milestone_days of $today against a
--               member's store (an event of the whole case, or of that defendant; not a partial
--               one, about defendants not known) -> that member, once: the first such event of the
--               case for that member (a TRO's minute entry, its sealed order and its extension are
--               one TRO to the member);
--   deadline  - for an open matter of a member, each day one of its deadlines falls on (TRO expiry,
--               PI hearing, answer due; member_matters, FRCP 6(a)(1)) on or after $today, once for
--               each of $reminder_days days before it -> that member, due on that earlier day
--               (a US federal district court's matters only: member_matters counts no FRCP
--               deadline for another forum, such as the EUIPO or the USITC);
--   watch     - a case of the new_case window whose brand (same text), plaintiff or law firm
--               (containing the text) or sector (the code or its parent) a recipient watches;
--   review    - a store link waiting in the review queue, in a case of the new_case window -> each
--               analyst (never the member: the link is not confirmed);
--   wave      - a wave of the latest stored herding run (herding_waves, recomputed after every import
--               commits) that is active and started within $wave_days of $today -> each member whose
--               city is among the wave's top cities and whose sector (or its parent) among its top
--               sectors, and each analyst. Its subject is the wave's entity and start month (wave ids
--               are renumbered each run), so a wave alerts once however often it is recomputed.
-- Analysts are the recipients of temp table alert_analysts (analysts.sql, built first).
CREATE OR REPLACE TEMP TABLE alert_desired AS
WITH fresh_cases AS (
    SELECT * FROM cases WHERE closed_on IS NULL AND filed_on >= $today - $new_case_days AND filed_on <= $today
),
matters AS (
    SELECT * FROM member_matters(NULL, $tro_days, $answer_days)
),
new_waves AS (
    SELECT w.entity_kind, w.entity, w.start_month, w.top_cities, w.top_sectors
    FROM herding_waves w
    WHERE w.run_id = (SELECT max(run_id) FROM herding_runs)
      AND w.pattern = 'wave' AND w.active AND w.start_month >= date_trunc('month', $today - $wave_days)
),
due_days AS (
    SELECT member_id, case_id, due, string_agg(DISTINCT kind, ',' ORDER BY kind) AS kinds
    FROM (
        SELECT member_id, case_id, 'tro_expires' AS kind, tro_expires_on AS due FROM matters WHERE open AND pi_on IS NULL
        UNION ALL
        SELECT member_id, case_id, 'pi_hearing', pi_hearing_by FROM matters WHERE open
        UNION ALL
        SELECT member_id, case_id, 'answer_due', answer_due_on FROM matters WHERE open AND NOT coalesce(appeared, false)
    )
    WHERE due >= $today
    GROUP BY member_id, case_id, due
)
SELECT DISTINCT 'new_case' AS rule, d.case_id AS subject, 'member:' || d.member_id AS recipient, d.member_id,
       d.case_id, NULL AS detail, c.filed_on AS event_on, CAST($today AS DATE) AS due_on
FROM defendants d JOIN fresh_cases c ON c.case_id = d.case_id
WHERE d.member_id IS NOT NULL
UNION ALL
SELECT 'new_case', c.case_id, a.recipient, NULL, c.case_id, NULL, c.filed_on, $today
FROM fresh_cases c, alert_analysts a
UNION ALL
SELECT 'milestone', m.case_id || '|' || m.kind || '|' || strftime(m.first_on, '%Y-%m-%d'),
       'member:' || m.member_id, m.member_id, m.case_id, m.kind, m.first_on, $today
FROM (
    SELECT e.case_id, e.kind, d.member_id, min(e.event_on) AS first_on
    FROM events e
    JOIN defendants d ON d.case_id = e.case_id
     AND (e.defendant_no = d.defendant_no OR (e.defendant_no IS NULL AND e.partial IS NOT TRUE))
    WHERE d.member_id IS NOT NULL AND e.kind IN ('tro', 'pi', 'default_judgment') AND e.event_on <= $today
    GROUP BY e.case_id, e.kind, d.member_id
) m
WHERE m.first_on >= $today - $milestone_days
UNION ALL
SELECT 'deadline', k.case_id || '|' || strftime(k.due, '%Y-%m-%d') || '|' || r.days,
       'member:' || k.member_id, k.member_id, k.case_id, k.kinds, k.due, CAST(k.due - r.days AS DATE)
FROM due_days k, (SELECT unnest($reminder_days) AS days) r
UNION ALL
SELECT 'watch', c.case_id, w.recipient,
       CASE WHEN w.recipient LIKE 'member:%' THEN substr(w.recipient, 8) END,
       c.case_id, min(w.kind || '=' || w.value), c.filed_on, $today
FROM fresh_cases c
JOIN watch_list w ON
    (w.kind = 'brand' AND lower(trim(c.brand)) = lower(trim(w.value)))
    OR (w.kind = 'plaintiff' AND contains(lower(c.plaintiff), lower(trim(w.value))))
    OR (w.kind = 'law_firm' AND contains(lower(c.law_firm), lower(trim(w.value))))
    OR (w.kind = 'sector' AND (c.sector_code = w.value
        OR c.sector_code IN (SELECT sector_code FROM sectors WHERE parent_code = w.value)))
WHERE w.recipient LIKE 'member:%' OR w.recipient IN (SELECT recipient FROM alert_analysts)
GROUP BY c.case_id, w.recipient, c.filed_on
UNION ALL
SELECT 'review', q.subject || '|' || q.member_id, a.recipient, NULL, q.case_id, q.subject, NULL, $today
FROM (
    SELECT l.subject, l.member_id, min(l.case_id) AS case_id
    FROM member_links l JOIN fresh_cases c ON c.case_id = l.case_id
    WHERE l.status = 'review'
    GROUP BY l.subject, l.member_id
) q, alert_analysts a
UNION ALL
SELECT DISTINCT 'wave', w.entity_kind || '|' || w.entity || '|' || strftime(w.start_month, '%Y-%m'),
       'member:' || m.member_id, m.member_id, NULL, w.entity_kind || '=' || w.entity, w.start_month, $today
FROM new_waves w
JOIN members m ON list_contains(w.top_cities, m.city_code)
LEFT JOIN sectors s ON s.sector_code = m.sector_code
WHERE list_contains(w.top_sectors, m.sector_code) OR list_contains(w.top_sectors, s.parent_code)
UNION ALL
SELECT 'wave', w.entity_kind || '|' || w.entity || '|' || strftime(w.start_month, '%Y-%m'), a.recipient, NULL,
       NULL, w.entity_kind || '=' || w.entity, w.start_month, $today
FROM new_waves w, alert_analysts a
