-- access: analyst
-- Sets member_id and match_score of the defendants in match_targets from their best link that
-- counts (given, then accepted, then auto; highest score); a defendant with none loses a
-- matched member. Only the targets' links are ranked, not the whole table. Returns nothing.
UPDATE defendants d
SET member_id = b.member_id, match_score = b.score
FROM (
    SELECT t.case_id, t.defendant_no, l.member_id, l.score
    FROM match_targets t
    LEFT JOIN (
        SELECT case_id, defendant_no, member_id, score
        FROM member_links
        WHERE status IN ('given', 'accepted', 'auto')
          AND (case_id, defendant_no) IN (SELECT case_id, defendant_no FROM match_targets)
        QUALIFY row_number() OVER (PARTITION BY case_id, defendant_no
                                   ORDER BY CASE status WHEN 'given' THEN 0 WHEN 'accepted' THEN 1 ELSE 2 END,
                                            score DESC, member_id) = 1
    ) l ON l.case_id = t.case_id AND l.defendant_no = t.defendant_no
) b
WHERE d.case_id = b.case_id AND d.defendant_no = b.defendant_no
  AND (d.member_id IS DISTINCT FROM b.member_id OR d.match_score IS DISTINCT FROM b.score)
