-- One case by $case_id (no row when unknown): case_id, court, court_name_zh, court_name_en, country,
-- docket_number, case_name, filed_on, closed_on, plaintiff, brand, law_firm, ip_type, case_kind,
-- sector_code, nature_of_suit, source, source_ref, defendants (listed), members_affected,
-- viewer_defendants (the viewer's own defendant rows; 0 for staff).
-- For a member, members_affected is NULL when fewer than 3 members are in the case (a small cell).
-- access: analyst member
WITH counts AS (
    SELECT count(*) AS defendants,
           count(DISTINCT member_id) AS members_affected,
           count(*) FILTER (WHERE member_id = $viewer_member) AS viewer_defendants
    FROM defendants
    WHERE case_id = $case_id
)
SELECT c.case_id,
       c.court,
       ct.name_zh AS court_name_zh,
       ct.name_en AS court_name_en,
       c.country,
       c.docket_number,
       c.case_name,
       c.filed_on,
       c.closed_on,
       c.plaintiff,
       c.brand,
       c.law_firm,
       c.ip_type,
       c.case_kind,
       c.sector_code,
       c.nature_of_suit,
       c.source,
       c.source_ref,
       n.defendants,
       CASE WHEN $viewer_member = '' OR n.members_affected >= 3 THEN n.members_affected END AS members_affected,
       n.viewer_defendants
FROM cases c
CROSS JOIN counts n
LEFT JOIN courts ct ON ct.court = c.court
WHERE c.case_id = $case_id
