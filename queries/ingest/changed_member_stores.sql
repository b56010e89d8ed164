-- access: analyst
-- Builds temp table intake_member_stores: the store rows (platform, store name, seller id; each
-- alias as a store without platform) the accepted rows of intake_members give, for members whose
-- stored set differs from it. Returns nothing.
CREATE OR REPLACE TEMP TABLE intake_member_stores AS
WITH accepted AS (
    SELECT * FROM intake_members WHERE row_no NOT IN (SELECT row_no FROM intake_errors)
), wanted AS (
    SELECT DISTINCT member_id, platform, store_name, seller_id
    FROM accepted WHERE store_name IS NOT NULL OR seller_id IS NOT NULL
    UNION
    SELECT DISTINCT member_id, NULL, intake_text(alias), NULL  -- trimmed as cells are (ingest/macros)
    FROM (SELECT member_id, unnest(regexp_split_to_array(aliases, '[;；、|\n]')) AS alias
          FROM accepted WHERE aliases IS NOT NULL)
    WHERE intake_text(alias) IS NOT NULL
), stored AS (
    SELECT member_id, platform, store_name, seller_id FROM member_stores
    WHERE member_id IN (SELECT member_id FROM accepted)
), differing AS (
    SELECT member_id FROM (
        (SELECT * FROM wanted EXCEPT SELECT * FROM stored)
        UNION ALL
        (SELECT * FROM stored EXCEPT SELECT * FROM wanted))
    GROUP BY member_id
)
SELECT w.* FROM wanted w WHERE w.member_id IN (SELECT member_id FROM differing)
UNION ALL
-- a member whose stores were all removed from the file keeps no store
SELECT DISTINCT d.member_id, NULL, NULL, NULL FROM differing d
WHERE d.member_id NOT IN (SELECT member_id FROM wanted)
