-- The milestone timeline of case $case_id, oldest first: event_on, kind, defendant_no, detail.
-- Events about one defendant (a settlement, a dismissal) are member-level: a member sees only
-- those about its own defendant rows, plus every case-wide event.
-- access: analyst member
SELECT e.event_on, e.kind, e.defendant_no, e.detail
FROM events e
WHERE e.case_id = $case_id
  AND ($viewer_member = ''
       OR e.defendant_no IS NULL
       OR EXISTS (SELECT 1 FROM defendants d
                  WHERE d.case_id = e.case_id AND d.defendant_no = e.defendant_no
                    AND d.member_id = $viewer_member))
ORDER BY e.event_on, e.defendant_no NULLS FIRST, e.kind
