-- access: analyst
-- Builds temp table intake_defendant_numbers(row_no, defendant_no): for each accepted row of
-- intake_defendants without a defendant_no, the stored defendant of the same case with the same
-- platform and seller id (or store name when no seller id), else the next free number in the case.
-- Returns nothing.
CREATE OR REPLACE TEMP TABLE intake_defendant_numbers AS
WITH unnumbered AS (
    SELECT row_no, case_id, platform, seller_id, store_name FROM intake_defendants
    WHERE defendant_no IS NULL AND row_no NOT IN (SELECT row_no FROM intake_errors)
), existing AS (
    SELECT d.case_id, d.defendant_no, d.platform, d.seller_id, d.store_name
    FROM defendants d
    WHERE d.case_id IN (SELECT case_id FROM unnumbered)
), by_seller AS (
    SELECT case_id, coalesce(platform, '') AS platform_key, lower(seller_id) AS seller_key, min(defendant_no) AS found_no
    FROM existing WHERE seller_id IS NOT NULL GROUP BY ALL
), by_name AS (
    SELECT case_id, coalesce(platform, '') AS platform_key, lower(store_name) AS name_key, min(defendant_no) AS found_no
    FROM existing WHERE store_name IS NOT NULL GROUP BY ALL
), matched AS (
    SELECT u.row_no, u.case_id, coalesce(s.found_no, CASE WHEN u.seller_id IS NULL THEN n.found_no END) AS found_no
    FROM unnumbered u
    LEFT JOIN by_seller s
           ON s.case_id = u.case_id AND s.platform_key = coalesce(u.platform, '') AND s.seller_key = lower(u.seller_id)
    LEFT JOIN by_name n
           ON n.case_id = u.case_id AND n.platform_key = coalesce(u.platform, '') AND n.name_key = lower(u.store_name)
), top AS (
    -- the highest number a case has: stored, given in the file or found above
    SELECT case_id, max(n) AS top_no
    FROM (SELECT case_id, defendant_no AS n FROM existing
          UNION ALL
          SELECT case_id, defendant_no FROM intake_defendants
          WHERE defendant_no IS NOT NULL AND row_no NOT IN (SELECT row_no FROM intake_errors)
            AND case_id IN (SELECT case_id FROM unnumbered)
          UNION ALL
          SELECT case_id, found_no FROM matched)
    GROUP BY case_id
)
SELECT m.row_no,
       coalesce(m.found_no,
                coalesce(t.top_no, 0) + row_number() OVER (PARTITION BY m.case_id, m.found_no IS NULL ORDER BY m.row_no)
       ) AS defendant_no
FROM matched m
LEFT JOIN top t ON t.case_id = m.case_id
