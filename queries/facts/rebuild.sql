-- Rebuilds the derived layer the pages read; returns nothing.
-- defendant_facts: one row per defendant carrying its case's columns (a case with no defendant
-- listed yet keeps one row with NULL defendant columns), stored sorted by filed_on so that date
-- filters skip row groups by their min/max. A listed defendant of unknown location gets city
-- '000000' so it can be filtered and shown; a case without listed defendants has no city.
-- case_key and member_key are integers standing for case_id and member_id (one each, numbered
-- 1..n here in filing and id order), so that distinct counts can use key_count() below instead of
-- hashing text. An import that changes only some cases refreshes their rows alone
-- (queries/facts/refresh.sql): its rows are appended as a run sorted by filed_on, new cases and
-- members get the next free keys, and this full rebuild restores one sorted run when runs pile up.
-- record_key is the defendant row's own fixed random key; ck_* and amount_factor come from its
-- contributor's key (the member's record_key, else the row's own) and feed the noise of the
-- aggregates shown to members (cell-key perturbation, docs/privacy.md; macros at the end).
-- case_first marks one row per case (its first listed defendant, or its only row): while no
-- filter picks rows within cases (city, sector, platform, members only: rows_filtered below), a
-- case is counted by count_if(case_first) rather than a distinct count (case_count below).
-- Dates from the docket events, so that the lifecycle page reads one table (issue 22): per case
-- tro_on, pi_on, default_judgment_on (its first event of that kind) and closed_milestone_on (the
-- first 'closed' event, else closed_on); per defendant resolved_on, for a decided outcome only
-- (default_judgment, settled, dismissed, won): the defendant's own first event of that kind ('won'
-- by 'dismissed'), else the case's (an event without defendant), else closed_on. An import that
-- writes events lists their cases in facts_touched, so these follow the events as the rest
-- follows the cases.

-- The fact rows of every case (every_case) or of the cases in temp table facts_touched(case_id),
-- with the keys in temp tables facts_case_keys(case_id, case_key) - one for every case read - and
-- facts_member_keys(member_id, member_key) - one for every member id their defendants carry.
CREATE TEMP TABLE IF NOT EXISTS facts_touched (case_id VARCHAR);
CREATE OR REPLACE TEMP TABLE facts_case_keys AS
SELECT case_id, row_number() OVER (ORDER BY filed_on, case_id)::INTEGER AS case_key FROM cases;
CREATE OR REPLACE TEMP TABLE facts_member_keys AS
-- every member id a defendant carries, registered or not
SELECT member_id, row_number() OVER (ORDER BY member_id)::INTEGER AS member_key
FROM (SELECT DISTINCT member_id FROM defendants WHERE member_id IS NOT NULL);
-- A contributor's sub-key for one count measure: 1 + bit `bit` of its key, so 1 or 2 (docs/privacy.md).
CREATE OR REPLACE MACRO cell_subkey(contributor_key, bit) AS (1 + ((contributor_key >> bit) & 1))::UTINYINT;
-- A contributor's fixed amount factor: 1 - s or 1 + s (bit 5), s = 0.3 .. 0.5 (bits 8-17).
CREATE OR REPLACE MACRO amount_factor(contributor_key) AS
    (1 + CASE WHEN (contributor_key >> 5) & 1 = 1 THEN 1 ELSE -1 END
         * (0.3 + 0.2 * ((contributor_key >> 8) & 1023) / 1023))::FLOAT;
CREATE OR REPLACE MACRO fact_rows(every_case) AS TABLE
SELECT c.case_id,
       c.case_key,
       d.defendant_no,
       c.filed_on,
       date_trunc('month', c.filed_on)::DATE AS month,
       c.closed_on,
       c.court,
       c.country,
       c.docket_number,
       c.plaintiff,
       c.brand,
       c.law_firm,
       c.ip_type,
       c.case_kind,
       coalesce(d.sector_code, c.sector_code) AS sector_code,
       coalesce(s.parent_code, coalesce(d.sector_code, c.sector_code)) AS sector_top,
       d.store_name,
       d.platform,
       d.seller_id,
       d.member_id,
       mk.member_key,
       CASE WHEN d.defendant_no IS NOT NULL THEN coalesce(d.city_code, m.city_code, '000000') END AS city_code,
       coalesce(d.district, m.district) AS district,
       d.outcome,
       d.frozen_usd,
       d.settlement_usd,
       d.judgment_usd,
       d.record_key,
       d.defendant_no IS NULL OR d.defendant_no = fd.first_no AS case_first,
       cm.tro_on,
       cm.pi_on,
       cm.default_judgment_on,
       coalesce(cm.closed_event_on, c.closed_on) AS closed_milestone_on,
       CASE WHEN d.outcome IN ('default_judgment', 'settled', 'dismissed', 'won')
            THEN coalesce(oe.event_on,
                          CASE d.outcome WHEN 'default_judgment' THEN cm.case_default_judgment_on
                                         WHEN 'settled' THEN cm.case_settled_on
                                         ELSE cm.case_dismissed_on END,
                          c.closed_on) END AS resolved_on,
       cell_subkey(coalesce(m.record_key, d.record_key), 0) AS ck_cases,
       cell_subkey(coalesce(m.record_key, d.record_key), 1) AS ck_defendants,
       cell_subkey(coalesce(m.record_key, d.record_key), 2) AS ck_members,
       cell_subkey(coalesce(m.record_key, d.record_key), 3) AS ck_default,
       cell_subkey(coalesce(m.record_key, d.record_key), 4) AS ck_decided,
       amount_factor(coalesce(m.record_key, d.record_key)) AS amount_factor
FROM (SELECT cases.*, k.case_key
      FROM cases JOIN facts_case_keys k ON k.case_id = cases.case_id
      WHERE every_case OR cases.case_id IN (SELECT case_id FROM facts_touched)) c
LEFT JOIN defendants d ON d.case_id = c.case_id
LEFT JOIN (
    SELECT case_id, min(defendant_no) AS first_no
    FROM defendants
    WHERE every_case OR case_id IN (SELECT case_id FROM facts_touched)
    GROUP BY case_id
) fd ON fd.case_id = c.case_id
LEFT JOIN (
    SELECT case_id,
           min(event_on) FILTER (WHERE kind = 'tro') AS tro_on,
           min(event_on) FILTER (WHERE kind = 'pi') AS pi_on,
           min(event_on) FILTER (WHERE kind = 'default_judgment') AS default_judgment_on,
           min(event_on) FILTER (WHERE kind = 'closed') AS closed_event_on,
           min(event_on) FILTER (WHERE kind = 'default_judgment' AND defendant_no IS NULL AND partial IS NOT TRUE) AS case_default_judgment_on,
           min(event_on) FILTER (WHERE kind = 'settled' AND defendant_no IS NULL AND partial IS NOT TRUE) AS case_settled_on,
           min(event_on) FILTER (WHERE kind = 'dismissed' AND defendant_no IS NULL AND partial IS NOT TRUE) AS case_dismissed_on
    FROM events
    WHERE kind IN ('tro', 'pi', 'default_judgment', 'closed', 'settled', 'dismissed')
      AND (every_case OR case_id IN (SELECT case_id FROM facts_touched))
    GROUP BY case_id
) cm ON cm.case_id = c.case_id
LEFT JOIN (
    SELECT case_id, defendant_no, kind, min(event_on) AS event_on
    FROM events
    WHERE kind IN ('default_judgment', 'settled', 'dismissed') AND defendant_no IS NOT NULL
      AND (every_case OR case_id IN (SELECT case_id FROM facts_touched))
    GROUP BY ALL
) oe ON oe.case_id = d.case_id AND oe.defendant_no = d.defendant_no
    AND oe.kind = CASE d.outcome WHEN 'won' THEN 'dismissed' ELSE d.outcome END
LEFT JOIN members m ON m.member_id = d.member_id
LEFT JOIN facts_member_keys mk ON mk.member_id = d.member_id
LEFT JOIN sectors s ON s.sector_code = coalesce(d.sector_code, c.sector_code);

CREATE OR REPLACE TABLE defendant_facts AS
SELECT * FROM fact_rows(true) ORDER BY filed_on, case_id, defendant_no;

-- fact_cells: the monthly rollup of defendant_facts that the overview and sectors pages read
-- while no filter applies but whole months of dates and IP types, for staff (queries/cells/,
-- picked by casewatch.access.bind; issue 22). One row per cell with activity of each of these groupings, told apart by level =
-- grouping(sector_top, sector_code, city_code, brand):
--   15 (month, ip_type)                         7 (month, ip_type, sector_top)
--    3 (month, ip_type, sector_top, sector_code) 13 (month, ip_type, city_code)
--   14 (month, ip_type, brand)
-- Each carries the cell's defendant rows, its distinct cases, its members as a bitmap of
-- member_key, frozen amounts, counts of decided outcomes and the least plaintiff (of brand cells;
-- min, so that every view names the same one). A case has one filing month and one IP type, so
-- case counts add up across months and IP types exactly, and member bitmaps OR-ed across cells
-- count distinct members exactly. The bitmaps are getvariable('fact_cells_width') bits long: the
-- largest member_key rounded up to the next multiple of 512 (meta fact_cells_width), so that new
-- members seldom change it; a refresh that changes it rewrites every cell
-- (queries/facts/refresh.sql), else only the cells of the months its cases were and are in (temp
-- table facts_touched_months).
CREATE TEMP TABLE IF NOT EXISTS facts_touched_months (month DATE);
CREATE OR REPLACE MACRO fact_cell_rows(every_month) AS TABLE
SELECT grouping(sector_top, sector_code, city_code, brand)::UTINYINT AS level,
       month, ip_type, sector_top, sector_code, city_code, brand,
       min(plaintiff) AS plaintiff,
       count(DISTINCT case_key) AS cases,
       count(defendant_no) AS defendant_instances,
       bitstring_agg(member_key, 1, getvariable('fact_cells_width')) AS member_keys,
       sum(frozen_usd) AS frozen_usd,
       count_if(outcome = 'default_judgment') AS defaults,
       count_if(outcome IN ('default_judgment', 'settled', 'dismissed', 'won')) AS decided
FROM defendant_facts
WHERE every_month OR month IN (SELECT month FROM facts_touched_months)
GROUP BY GROUPING SETS ((month, ip_type), (month, ip_type, sector_top), (month, ip_type, sector_top, sector_code),
                        (month, ip_type, city_code), (month, ip_type, brand));
SET VARIABLE fact_cells_width = (SELECT (coalesce(max(member_key), 0) // 512 + 1) * 512 FROM defendant_facts);
CREATE OR REPLACE TABLE fact_cells AS
SELECT * FROM fact_cell_rows(true) ORDER BY level, month, ip_type, sector_top, sector_code, city_code, brand;
INSERT INTO meta (key, value) VALUES ('fact_cells_width', getvariable('fact_cells_width')::VARCHAR)
ON CONFLICT (key) DO UPDATE SET value = excluded.value;

-- The cells of one level under the date and IP type filters, for the queries of queries/cells/
-- (served while no other filter applies: casewatch.access.cells_serve).
CREATE OR REPLACE MACRO filtered_cells(lvl, date_from, date_to, ips) AS TABLE
SELECT *
FROM fact_cells
WHERE level = lvl AND month BETWEEN date_from AND date_to AND (len(ips) = 0 OR list_contains(ips, ip_type));

-- Exact count of distinct non-NULL values of an integer key column (case_key, member_key) of
-- defendant_facts: one bit per key between the column's stored min and max, OR-ed across rows.
-- Several times faster than count(DISTINCT ...) on the 2-core target machine; the bitmap costs
-- (max - min) / 8 bytes per group, so use it where groups are few (KPIs, months, cities, sectors)
-- or the key range is small (member_key), and count(DISTINCT ...) for many groups of case keys.
-- The argument must be a stored column: bitstring_agg reads its range from the table statistics.
CREATE OR REPLACE MACRO key_count(k) AS coalesce(bit_count(bitstring_agg(k)), 0);

-- Whether the global filters pick rows within cases (defendant-level filters); the others (dates,
-- IP type, kind, court, brand, law firm) keep or drop whole cases. Bound parameters make this a
-- constant, so DuckDB computes only the branch of case_count that applies.
CREATE OR REPLACE MACRO rows_filtered(cities, sectors, platforms, members_only) AS
    (len(cities) > 0 OR len(sectors) > 0 OR len(platforms) > 0 OR members_only);
-- Distinct cases among a group's rows, for groups of whole cases' rows (the group is a function of
-- case columns: month, brand, court ...), and rows restricted at most by conditions on case
-- columns or defendant_no IS NOT NULL (which keeps every first row of a case with defendants).
-- exact: rows_filtered(...) of the query's filters; then the key bitmap is counted. Called as
-- case_count(exact, case_key, case_first) (a macro body cannot name columns itself).
CREATE OR REPLACE MACRO case_count(exact, k, first) AS
    CASE WHEN exact THEN key_count(k) ELSE count_if(first)::BIGINT END;

-- The global filters, applied in this one place. Empty lists mean "no filter".
CREATE OR REPLACE MACRO filtered_facts(date_from, date_to, cities, sectors, platforms, ips, kinds,
                                       courts, brands, firms, members_only) AS TABLE
SELECT *
FROM defendant_facts
WHERE filed_on BETWEEN date_from AND date_to
  AND (len(cities) = 0 OR list_contains(cities, city_code))
  AND (len(sectors) = 0 OR list_contains(sectors, sector_code) OR list_contains(sectors, sector_top))
  AND (len(platforms) = 0 OR list_contains(platforms, platform))
  AND (len(ips) = 0 OR list_contains(ips, ip_type))
  AND (len(kinds) = 0 OR list_contains(kinds, case_kind))
  AND (len(courts) = 0 OR list_contains(courts, court))
  AND (len(brands) = 0 OR list_contains(brands, brand))
  AND (len(firms) = 0 OR list_contains(firms, law_firm))
  AND (NOT members_only OR member_id IS NOT NULL);

-- Cell-key perturbation of the aggregates shown to a member (docs/privacy.md). Staff
-- (viewer = '') see exact figures: keyed_sum is then a constant NULL, which DuckDB folds away, so
-- their queries neither read the key columns nor do any extra work.
-- keyed_sum: the sum of a key column (ck_*) or of noisy amounts over a cell, for a member only.
CREATE OR REPLACE MACRO keyed_sum(viewer, value) AS sum(CASE WHEN viewer <> '' THEN value END);
-- A count as shown: exact for staff; for a member exact + (cell key mod 5) - 2, so within +-2, never
-- below 0 (a count of 1 may show 0), and a zero stays zero.
CREATE OR REPLACE MACRO perturbed_count(viewer, exact, cell_key) AS
    CASE WHEN viewer = '' OR exact = 0 THEN exact
         ELSE greatest(exact + (coalesce(cell_key, 0) % 5)::INTEGER - 2, 0)::BIGINT END;
-- An amount as shown: exact for staff; for a member the sum of every row's amount times its
-- contributor's factor (keyed_sum(viewer, frozen_usd * amount_factor)), to the dollar.
CREATE OR REPLACE MACRO perturbed_amount(viewer, exact, noisy) AS
    CASE WHEN viewer = '' THEN exact ELSE round(coalesce(noisy, 0)) END;
