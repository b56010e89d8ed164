-- For each alarm (an entity's months onset..month, given as parallel lists), the members the
-- entity newly sued in those months and how closely they repeat the member defendants of one
-- other case (a case of another entity): the best Jaccard index and that case, and the best over
-- the cases naming at least $min_shared of them (resuit_overlap: members sued often share a few
-- with many cases by chance). Only cases within $horizon months of the alarm count, before or after
-- it: sellers named together years apart are two events, not one group sued again.
-- Columns: entity_kind, entity, onset, month, new_members, best_overlap, resuit_overlap, best_case.
-- access: analyst leadership
WITH alarms AS (
    SELECT unnest($kinds) AS entity_kind, unnest($entities) AS entity,
           unnest($onsets)::DATE AS onset, unnest($months)::DATE AS month
),
member_rows AS (
    SELECT case_id, member_id, month,
           brand, law_firm
    FROM defendant_facts
    WHERE member_id IS NOT NULL
),
firsts AS (
    SELECT 'brand' AS entity_kind, brand AS entity, member_id, min(month) AS first_month
    FROM member_rows WHERE brand IN (SELECT entity FROM alarms WHERE entity_kind = 'brand')
    GROUP BY brand, member_id
    UNION ALL
    SELECT 'firm', law_firm, member_id, min(month)
    FROM member_rows WHERE law_firm IN (SELECT entity FROM alarms WHERE entity_kind = 'firm')
    GROUP BY law_firm, member_id
),
hit AS (
    SELECT a.entity_kind, a.entity, a.onset, a.month, f.member_id
    FROM alarms a
    JOIN firsts f ON f.entity_kind = a.entity_kind AND f.entity = a.entity
                 AND f.first_month BETWEEN a.onset AND a.month
),
sizes AS (
    SELECT entity_kind, entity, onset, month, count(*) AS new_members FROM hit GROUP BY ALL
),
shared AS (
    SELECT h.entity_kind, h.entity, h.onset, h.month, r.case_id, count(DISTINCT r.member_id) AS together
    FROM hit h
    JOIN member_rows r ON r.member_id = h.member_id
    -- the entity's own cases are not "another case": within the alarm they are the alarm, and
    -- later ones naming the alarm's members again are the entity pursuing its own wave
    WHERE (CASE h.entity_kind WHEN 'brand' THEN r.brand ELSE r.law_firm END) IS DISTINCT FROM h.entity
      AND r.month BETWEEN h.onset - to_months($horizon::INTEGER) AND h.month + to_months($horizon::INTEGER)
    GROUP BY ALL
),
case_sizes AS (
    SELECT case_id, count(DISTINCT member_id) AS case_members
    FROM member_rows WHERE case_id IN (SELECT case_id FROM shared)
    GROUP BY case_id
),
scored AS (
    SELECT s.entity_kind, s.entity, s.onset, s.month, s.case_id,
           s.together / (z.new_members + c.case_members - s.together) AS overlap,
           s.together >= $min_shared AS enough
    FROM shared s
    JOIN sizes z USING (entity_kind, entity, onset, month)
    JOIN case_sizes c USING (case_id)
)
SELECT z.entity_kind, z.entity, z.onset, z.month, z.new_members::INTEGER AS new_members,
       coalesce(max(s.overlap), 0.0) AS best_overlap,
       coalesce(max(s.overlap) FILTER (WHERE s.enough), 0.0) AS resuit_overlap,
       arg_max(s.case_id, s.overlap) AS best_case
FROM sizes z
LEFT JOIN scored s USING (entity_kind, entity, onset, month)
GROUP BY ALL
ORDER BY ALL
