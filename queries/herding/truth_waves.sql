-- Planted waves and decoys of a demo database (demo_truth): truth_id, kind ('wave' | 'decoy'),
-- shape, entity_kind, entity (who leads it), brand (one of its brands), start_month, end_month,
-- members, firms (the law firms of its planted cases).
-- access: analyst leadership
WITH items AS (
    SELECT truth_id, any_value(kind) AS kind, any_value(shape) AS shape,
           any_value(coalesce(entity_kind, 'brand')) AS entity_kind,
           any_value(coalesce(entity, brand)) AS entity, any_value(brand) AS brand,
           min(start_month) AS start_month, max(end_month) AS end_month,
           count(DISTINCT member_id)::INTEGER AS members
    FROM demo_truth
    WHERE kind IN ('wave', 'decoy')
    GROUP BY truth_id
),
firms AS (
    SELECT t.truth_id, list(DISTINCT c.law_firm ORDER BY c.law_firm) AS firms
    FROM demo_truth_cases t JOIN cases c USING (case_id)
    WHERE c.law_firm IS NOT NULL
    GROUP BY t.truth_id
)
SELECT i.*, coalesce(f.firms, []::VARCHAR[]) AS firms
FROM items i LEFT JOIN firms f USING (truth_id)
ORDER BY truth_id
