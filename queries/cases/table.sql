-- The case-defendant table of the Cases page and of every export (UI and CLI): one row per
-- defendant in a case with its case's columns (a case with no defendant listed yet keeps one row),
-- under the global filters and the search $terms (lower-case words; every word must occur in the
-- case number, case name, plaintiff, brand, law firm, store name or seller id), sorted by the
-- allow-listed key $sort ($descending) and then by case_id, defendant_no (a stable order), at most
-- $limit rows (NULL: all) from $offset.
-- Columns: case_id, court, country, docket_number, case_name, filed_on, closed_on, plaintiff, brand,
-- law_firm, ip_type, case_kind, sector_code, defendant_no, store_name, platform, seller_id,
-- member_id, member_name_zh, member_name_en, city_code, outcome, frozen_usd, settlement_usd,
-- judgment_usd, total_rows, total_cases (the whole match, repeated on every row; when $offset is
-- past the end there is one row with only the totals).
-- Row-level scope: for a member ($viewer_member) the member-level columns (member_id .. judgment_usd)
-- are NULL on every row that is not the viewer's own, and the city and members-only filters,
-- which read member-level data, match only the viewer's own rows.
-- access: analyst member
WITH names AS (
    SELECT case_id, lower(coalesce(case_name, '')) AS case_name_lc
    FROM cases
    WHERE len($terms) > 0
),
matched AS NOT MATERIALIZED (
    SELECT f.case_id,
           f.court,
           f.country,
           f.docket_number,
           f.filed_on,
           f.closed_on,
           f.plaintiff,
           f.brand,
           f.law_firm,
           f.ip_type,
           f.case_kind,
           f.sector_code,
           f.defendant_no,
           f.store_name,
           f.platform,
           f.seller_id,
           CASE WHEN mine THEN f.member_id END AS member_id,
           CASE WHEN mine THEN f.city_code END AS city_code,
           CASE WHEN mine THEN f.outcome END AS outcome,
           CASE WHEN mine THEN f.frozen_usd END AS frozen_usd,
           CASE WHEN mine THEN f.settlement_usd END AS settlement_usd,
           CASE WHEN mine THEN f.judgment_usd END AS judgment_usd
    FROM (
        SELECT *, ($viewer_member = '' OR member_id = $viewer_member) AS mine
        FROM filtered_facts($date_from, $date_to, $cities, $sectors, $platforms, $ips, $kinds, $courts, $brands, $firms, $members_only)
    ) f
    LEFT JOIN names n ON n.case_id = f.case_id
    WHERE (f.mine OR (len($cities) = 0 AND NOT $members_only))
      AND (len($terms) = 0 OR list_bool_and(list_transform($terms, lambda term: contains(
              lower(concat_ws(' ', f.case_id, f.docket_number, f.plaintiff, f.brand, f.law_firm,
                              f.store_name, f.seller_id, n.case_name_lc)), term))))
),
keyed AS NOT MATERIALIZED (
    -- one sort key per type, NULL unless it is the chosen one in the chosen direction
    SELECT *,
           CASE $sort WHEN 'filed_on' THEN filed_on WHEN 'closed_on' THEN closed_on END AS k_date,
           CASE $sort WHEN 'case_id' THEN case_id WHEN 'court' THEN court WHEN 'plaintiff' THEN plaintiff
                      WHEN 'brand' THEN brand WHEN 'law_firm' THEN law_firm WHEN 'store_name' THEN store_name
                      WHEN 'platform' THEN platform WHEN 'seller_id' THEN seller_id
                      WHEN 'case_kind' THEN case_kind WHEN 'ip_type' THEN ip_type
                      WHEN 'outcome' THEN outcome END AS k_text,
           CASE $sort WHEN 'frozen_usd' THEN frozen_usd WHEN 'settlement_usd' THEN settlement_usd
                      WHEN 'judgment_usd' THEN judgment_usd END AS k_num
    FROM matched
),
page AS (
    SELECT *,
           CASE WHEN $descending THEN k_date END AS k_date_down,
           CASE WHEN NOT $descending THEN k_date END AS k_date_up,
           CASE WHEN $descending THEN k_text END AS k_text_down,
           CASE WHEN NOT $descending THEN k_text END AS k_text_up,
           CASE WHEN $descending THEN k_num END AS k_num_down,
           CASE WHEN NOT $descending THEN k_num END AS k_num_up
    FROM keyed
    ORDER BY k_date_down DESC NULLS LAST, k_date_up NULLS LAST, k_text_down DESC NULLS LAST, k_text_up NULLS LAST,
             k_num_down DESC NULLS LAST, k_num_up NULLS LAST, case_id, defendant_no NULLS FIRST
    LIMIT $limit OFFSET $offset
),
totals AS (
    SELECT count(*) AS total_rows, count(DISTINCT case_id) AS total_cases FROM matched
)
SELECT p.case_id,
       p.court,
       p.country,
       p.docket_number,
       c.case_name,
       p.filed_on,
       p.closed_on,
       p.plaintiff,
       p.brand,
       p.law_firm,
       p.ip_type,
       p.case_kind,
       p.sector_code,
       p.defendant_no,
       p.store_name,
       p.platform,
       p.seller_id,
       p.member_id,
       m.name_zh AS member_name_zh,
       m.name_en AS member_name_en,
       p.city_code,
       p.outcome,
       p.frozen_usd,
       p.settlement_usd,
       p.judgment_usd,
       t.total_rows,
       t.total_cases
FROM totals t
LEFT JOIN page p ON true
LEFT JOIN cases c ON c.case_id = p.case_id
LEFT JOIN members m ON m.member_id = p.member_id
ORDER BY p.k_date_down DESC NULLS LAST, p.k_date_up NULLS LAST, p.k_text_down DESC NULLS LAST, p.k_text_up NULLS LAST,
         p.k_num_down DESC NULLS LAST, p.k_num_up NULLS LAST, p.case_id, p.defendant_no NULLS FIRST
