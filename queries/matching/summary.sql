-- access: analyst
-- Counts of the links just written for match_targets by status (auto, review, accepted, rejected, given).
SELECT count(*) FILTER (WHERE status = 'auto') AS auto,
       count(*) FILTER (WHERE status = 'review') AS review,
       count(*) FILTER (WHERE status = 'accepted') AS accepted,
       count(*) FILTER (WHERE status = 'rejected') AS rejected
FROM member_links
WHERE (case_id, defendant_no) IN (SELECT case_id, defendant_no FROM match_targets)
