-- access: analyst
-- Re-keys the stored store identities after the name keys changed (casewatch.matching.rules_sha):
-- each link's subject is computed again from its defendant (intake_subject), and an analyst's
-- decision on an old subject moves to the new subjects of the stores it applied to: a rejection to
-- each of them, an acceptance only when the old subject stays one store (when it split, as
-- "JiaYi Direct!" and "JiaYiDirect" did, nobody can tell which store was accepted: its links are
-- matched again). Of two decisions meeting on one new subject and member the later counts; one
-- already stored there stands. Decisions left on a subject no link holds any more go. Returns
-- nothing.
CREATE OR REPLACE TEMP TABLE match_resubjected AS
SELECT l.case_id, l.defendant_no, l.subject AS old_subject,
       intake_subject(d.platform, d.seller_id, intake_name_key(d.store_name)) AS new_subject
FROM member_links l
JOIN defendants d ON d.case_id = l.case_id AND d.defendant_no = l.defendant_no;
CREATE OR REPLACE TEMP TABLE match_rekeyed AS
SELECT old_subject, new_subject, count(*) OVER (PARTITION BY old_subject) AS splits
FROM (SELECT DISTINCT old_subject, new_subject FROM match_resubjected);
INSERT INTO match_decisions (subject, member_id, decision, decided_at, decided_by)
SELECT r.new_subject, m.member_id, arg_max(m.decision, m.decided_at), max(m.decided_at), arg_max(m.decided_by, m.decided_at)
FROM match_decisions m
JOIN match_rekeyed r ON r.old_subject = m.subject
WHERE r.old_subject <> r.new_subject
  AND (m.decision = 'rejected' OR r.splits = 1)
  AND NOT EXISTS (SELECT 1 FROM match_decisions k WHERE k.subject = r.new_subject AND k.member_id = m.member_id)
GROUP BY r.new_subject, m.member_id;
UPDATE member_links l
SET subject = r.new_subject
FROM (SELECT DISTINCT case_id, defendant_no, new_subject FROM match_resubjected WHERE old_subject <> new_subject) r
WHERE r.case_id = l.case_id AND r.defendant_no = l.defendant_no;
DELETE FROM match_decisions m
WHERE m.subject IN (SELECT old_subject FROM match_rekeyed WHERE old_subject <> new_subject)
  AND NOT EXISTS (SELECT 1 FROM member_links l WHERE l.subject = m.subject);
