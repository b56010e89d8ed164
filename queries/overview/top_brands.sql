-- Brands (with their plaintiff) ranked by defendant instances under the global filters, at most
-- $limit rows: brand, plaintiff, cases, defendant_instances, members_affected.
-- For a member, rows made up by fewer than 3 members are left out (small-cell suppression), and
-- the counts of the others are perturbed by their cell keys, at most 2 each, and ranked as shown
-- (docs/privacy.md).
-- The ranking needs no case counts, so those are counted afterwards for the chosen brands only
-- (thousands of brands would each need a case-key bitmap or a distinct hash table); unless a
-- filter picks rows within cases, a brand's cases are its cases' first rows (case_first), counted
-- in the same pass, and that second pass is skipped.
-- access: analyst leadership member
WITH cells AS (
    SELECT brand,
           min(plaintiff) AS plaintiff,
           count(defendant_no) AS defendant_instances,
           key_count(member_key) AS members_affected,
           keyed_sum($viewer_member, ck_defendants) AS ck_defendants,
           keyed_sum($viewer_member, ck_members) AS ck_members,
           keyed_sum($viewer_member, ck_cases) AS ck_cases,
           count_if(case_first)::BIGINT AS first_rows
    FROM filtered_facts($date_from, $date_to, $cities, $sectors, $platforms, $ips, $kinds, $courts, $brands, $firms, $members_only)
    WHERE brand IS NOT NULL
    GROUP BY brand
    HAVING $viewer_member = '' OR key_count(member_key) >= 3
),
ranked AS (
    SELECT brand,
           plaintiff,
           perturbed_count($viewer_member, defendant_instances, ck_defendants) AS defendant_instances,
           perturbed_count($viewer_member, members_affected, ck_members) AS members_affected,
           ck_cases,
           first_rows
    FROM cells
    ORDER BY defendant_instances DESC, brand
    LIMIT $limit
),
case_counts AS (
    SELECT brand, count(DISTINCT case_key) AS cases
    FROM filtered_facts($date_from, $date_to, $cities, $sectors, $platforms, $ips, $kinds, $courts, $brands, $firms, $members_only)
    SEMI JOIN ranked USING (brand)
    WHERE rows_filtered($cities, $sectors, $platforms, $members_only)
    GROUP BY brand
    UNION ALL
    SELECT brand, first_rows FROM ranked WHERE NOT rows_filtered($cities, $sectors, $platforms, $members_only)
)
SELECT r.brand, r.plaintiff, perturbed_count($viewer_member, c.cases, r.ck_cases) AS cases,
       r.defendant_instances, r.members_affected
FROM ranked r
JOIN case_counts c USING (brand)
ORDER BY r.defendant_instances DESC, r.brand
