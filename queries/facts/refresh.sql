-- access: analyst
-- Refreshes defendant_facts for the cases in temp table facts_touched(case_id) only, after a
-- write confined to them (their cases or defendants changed; members and reference data did
-- not): their rows are deleted and written again as one run sorted by filed_on. A case keeps its
-- case_key, a member id its member_key; new ones get the next free numbers. Returns nothing.
CREATE OR REPLACE TEMP TABLE facts_case_keys AS
WITH known AS (
    SELECT DISTINCT case_id, case_key FROM defendant_facts WHERE case_id IN (SELECT case_id FROM facts_touched)
)
SELECT case_id, case_key FROM known
UNION ALL
SELECT case_id,
       ((SELECT coalesce(max(case_key), 0) FROM defendant_facts)
        + row_number() OVER (ORDER BY filed_on, case_id))::INTEGER
FROM cases
WHERE case_id IN (SELECT case_id FROM facts_touched) AND case_id NOT IN (SELECT case_id FROM known);
CREATE OR REPLACE TEMP TABLE facts_member_keys AS
WITH wanted AS (
    SELECT DISTINCT member_id FROM defendants
    WHERE member_id IS NOT NULL AND case_id IN (SELECT case_id FROM facts_touched)
), known AS (
    SELECT DISTINCT member_id, member_key FROM defendant_facts WHERE member_id IN (SELECT member_id FROM wanted)
)
SELECT member_id, member_key FROM known
UNION ALL
SELECT member_id,
       ((SELECT coalesce(max(member_key), 0) FROM defendant_facts)
        + row_number() OVER (ORDER BY member_id))::INTEGER
FROM wanted
WHERE member_id NOT IN (SELECT member_id FROM known);
-- the months the touched cases were in, whose cells are counted again below
CREATE OR REPLACE TEMP TABLE facts_touched_months AS
SELECT DISTINCT month FROM defendant_facts WHERE case_id IN (SELECT case_id FROM facts_touched);
DELETE FROM defendant_facts WHERE case_id IN (SELECT case_id FROM facts_touched);
INSERT INTO defendant_facts BY NAME SELECT * FROM fact_rows(false) ORDER BY filed_on, case_id, defendant_no;
-- fact_cells (queries/facts/rebuild.sql): the cells of the months the touched cases were and are
-- in are counted again; all of them when the member bitmaps must grow.
INSERT INTO facts_touched_months
SELECT DISTINCT month FROM defendant_facts WHERE case_id IN (SELECT case_id FROM facts_touched);
SET VARIABLE fact_cells_width = (SELECT (coalesce(max(member_key), 0) // 512 + 1) * 512 FROM defendant_facts);
SET VARIABLE fact_cells_all = (
    SELECT coalesce(max(value), '') <> getvariable('fact_cells_width')::VARCHAR FROM meta WHERE key = 'fact_cells_width'
);
DELETE FROM fact_cells WHERE getvariable('fact_cells_all') OR month IN (SELECT month FROM facts_touched_months);
INSERT INTO fact_cells
SELECT * FROM fact_cell_rows(getvariable('fact_cells_all')) ORDER BY level, month, ip_type, sector_top, sector_code, city_code, brand;
INSERT INTO meta (key, value) VALUES ('fact_cells_width', getvariable('fact_cells_width')::VARCHAR)
ON CONFLICT (key) DO UPDATE SET value = excluded.value;
