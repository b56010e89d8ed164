-- The case-defendant table of the Cases page and of every export (UI and CLI): one row per
-- defendant in a case with its case's columns (a case with no defendant listed yet keeps one row),
-- under the global filters and the search $terms (lower-case words, at most 4; every word must
-- occur in the case's number, name, plaintiff, brand or law firm, or in the row's store name or
-- seller id, as typed or in full-width forms: the words are NFKC-normalised (cases.search_terms), and
-- a name or id stored as filed in full-width letters and digits is found by them too; one mixing the
-- two widths within a word is found by its other words), sorted by the allow-listed key $sort ($descending) and then by case_key (filing order;
-- cases added since the last full rebuild of the facts after the others) and defendant_no (a stable
-- order), at most $limit rows (NULL: all) from $offset.
-- Columns: case_id, court, country, docket_number, case_name, filed_on, closed_on, plaintiff, brand,
-- law_firm, ip_type, case_kind, sector_code, defendant_no, store_name, platform, seller_id,
-- member_id, member_name_zh, member_name_en, city_code, outcome, frozen_usd, settlement_usd,
-- judgment_usd, total_rows, total_cases (the whole match, repeated on every row; when $offset is
-- past the end there is one row with only the totals).
-- Row-level scope: for a member ($viewer_member) the member-level columns (member_id .. judgment_usd)
-- are NULL on every row that is not the viewer's own, sorting by them sorts the masked values, and
-- the city, sector and members-only filters, which read member-level data, match only the viewer's
-- rows. A defendant's own sector may come from its member's register entry, so on other rows
-- sector_code is the case's.
-- Speed: the default view (newest filings first, no search) is a plain top-N on the stored order,
-- which DuckDB answers by skipping row groups; the other branch (any other sort, or a search)
-- computes its sort keys. Exactly one branch runs: the other's parameter test is false.
-- access: analyst member
WITH scoped AS NOT MATERIALIZED (
    SELECT f.case_id,
           f.case_key,
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
           CASE WHEN mine THEN f.sector_code END AS sector_code,
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
    WHERE f.mine OR (len($cities) = 0 AND len($sectors) = 0 AND NOT $members_only)
),
-- the search words in full-width forms (what an IME types: "ａｂｃ１２３"), for names and ids
-- stored as filed; the words themselves are NFKC-normalised (cases.search_terms)
wide AS (
    SELECT list_transform($terms, lambda term: translate(term,
               '!"#$%&''()*+,-./0123456789:;<=>?@ABCDEFGHIJKLMNOPQRSTUVWXYZ[\]^_`abcdefghijklmnopqrstuvwxyz{|}~',
               '！＂＃＄％＆＇（）＊＋，－．／０１２３４５６７８９：；＜＝＞？＠ＡＢＣＤＥＦＧＨＩＪＫＬＭＮＯＰＱＲＳＴＵＶＷＸＹＺ［＼］＾＿｀ａｂｃｄｅｆｇｈｉｊｋｌｍｎｏｐｑｒｓｔｕｖｗｘｙｚ｛｜｝～')) AS terms
),
case_hits AS (
    -- per case, which search words its own text contains (cases with at least one); only cases
    -- filed within the date filter can have rows in scope, so only they are searched
    SELECT case_id, hits
    FROM (
        SELECT case_id,
               list_transform($terms, lambda term, k: contains(text, term) OR contains(text, wide_terms[k])) AS hits
        FROM (SELECT case_id, filed_on, w.terms AS wide_terms,
                     lower(concat_ws(' ', case_id, docket_number, case_name, plaintiff, brand, law_firm)) AS text
              FROM cases CROSS JOIN wide w)
        WHERE len($terms) > 0 AND filed_on BETWEEN $date_from AND $date_to
    )
    WHERE list_bool_or(hits)
),
searched AS NOT MATERIALIZED (
    SELECT s.*
    FROM scoped s
    CROSS JOIN wide w
    LEFT JOIN case_hits h ON h.case_id = s.case_id
    WHERE NOT ($sort = 'filed_on' AND $descending AND len($terms) = 0)
      AND (len($terms) < 1 OR coalesce(h.hits[1], false)
           OR contains(lower(s.store_name), $terms[1]) OR contains(lower(s.seller_id), $terms[1])
           OR contains(lower(s.store_name), w.terms[1]) OR contains(lower(s.seller_id), w.terms[1]))
      AND (len($terms) < 2 OR coalesce(h.hits[2], false)
           OR contains(lower(s.store_name), $terms[2]) OR contains(lower(s.seller_id), $terms[2])
           OR contains(lower(s.store_name), w.terms[2]) OR contains(lower(s.seller_id), w.terms[2]))
      AND (len($terms) < 3 OR coalesce(h.hits[3], false)
           OR contains(lower(s.store_name), $terms[3]) OR contains(lower(s.seller_id), $terms[3])
           OR contains(lower(s.store_name), w.terms[3]) OR contains(lower(s.seller_id), w.terms[3]))
      AND (len($terms) < 4 OR coalesce(h.hits[4], false)
           OR contains(lower(s.store_name), $terms[4]) OR contains(lower(s.seller_id), $terms[4])
           OR contains(lower(s.store_name), w.terms[4]) OR contains(lower(s.seller_id), w.terms[4]))
),
-- one sort key per type, computed only in the branch of the chosen sort (its WHERE is false elsewhere)
date_keyed AS NOT MATERIALIZED (
    SELECT *, CASE $sort WHEN 'filed_on' THEN filed_on WHEN 'closed_on' THEN closed_on END AS k
    FROM searched
    WHERE $sort IN ('filed_on', 'closed_on')
),
text_keyed AS NOT MATERIALIZED (
    SELECT *,
           CASE $sort WHEN 'case_id' THEN case_id WHEN 'court' THEN court WHEN 'plaintiff' THEN plaintiff
                      WHEN 'brand' THEN brand WHEN 'law_firm' THEN law_firm WHEN 'store_name' THEN store_name
                      WHEN 'platform' THEN platform WHEN 'seller_id' THEN seller_id
                      WHEN 'case_kind' THEN case_kind WHEN 'ip_type' THEN ip_type
                      WHEN 'outcome' THEN outcome END AS k
    FROM searched
    WHERE $sort IN ('case_id', 'court', 'plaintiff', 'brand', 'law_firm', 'store_name', 'platform', 'seller_id',
                    'case_kind', 'ip_type', 'outcome')
),
number_keyed AS NOT MATERIALIZED (
    SELECT *, CASE $sort WHEN 'frozen_usd' THEN frozen_usd WHEN 'settlement_usd' THEN settlement_usd
                         WHEN 'judgment_usd' THEN judgment_usd END AS k
    FROM searched
    WHERE $sort IN ('frozen_usd', 'settlement_usd', 'judgment_usd')
),
-- the default view's page is found on its sort keys alone, then its rows are read again (the
-- join's filing-date range skips the other row groups): a top-N carrying every column to an
-- offset of thousands of rows costs several times more. All rows (an export: $limit NULL) are
-- sorted whole, in the next branch.
newest_keys AS (
    SELECT filed_on, case_key, defendant_no
    FROM scoped
    WHERE ($sort = 'filed_on' AND $descending AND len($terms) = 0 AND $limit IS NOT NULL)
    ORDER BY filed_on DESC, case_key, defendant_no NULLS FIRST
    LIMIT $limit OFFSET $offset
),
-- the rows of the page; ties broken by the integer case key (filing order) and defendant number
page AS (
    (SELECT s.*, s.filed_on AS k_date_down
     FROM scoped s
     JOIN newest_keys k
       ON s.filed_on = k.filed_on AND s.case_key = k.case_key AND s.defendant_no IS NOT DISTINCT FROM k.defendant_no)
    UNION ALL BY NAME
    (SELECT *, filed_on AS k_date_down FROM scoped
     WHERE ($sort = 'filed_on' AND $descending AND len($terms) = 0 AND $limit IS NULL)
     ORDER BY filed_on DESC, case_key, defendant_no NULLS FIRST LIMIT $limit OFFSET $offset)
    UNION ALL BY NAME
    (SELECT * EXCLUDE (k), k AS k_date_down FROM date_keyed WHERE $descending
     ORDER BY k DESC NULLS LAST, case_key, defendant_no NULLS FIRST LIMIT $limit OFFSET $offset)
    UNION ALL BY NAME
    (SELECT * EXCLUDE (k), k AS k_date_up FROM date_keyed WHERE NOT $descending
     ORDER BY k NULLS LAST, case_key, defendant_no NULLS FIRST LIMIT $limit OFFSET $offset)
    UNION ALL BY NAME
    (SELECT * EXCLUDE (k), k AS k_text_down FROM text_keyed WHERE $descending
     ORDER BY k DESC NULLS LAST, case_key, defendant_no NULLS FIRST LIMIT $limit OFFSET $offset)
    UNION ALL BY NAME
    (SELECT * EXCLUDE (k), k AS k_text_up FROM text_keyed WHERE NOT $descending
     ORDER BY k NULLS LAST, case_key, defendant_no NULLS FIRST LIMIT $limit OFFSET $offset)
    UNION ALL BY NAME
    (SELECT * EXCLUDE (k), k AS k_number_down FROM number_keyed WHERE $descending
     ORDER BY k DESC NULLS LAST, case_key, defendant_no NULLS FIRST LIMIT $limit OFFSET $offset)
    UNION ALL BY NAME
    (SELECT * EXCLUDE (k), k AS k_number_up FROM number_keyed WHERE NOT $descending
     ORDER BY k NULLS LAST, case_key, defendant_no NULLS FIRST LIMIT $limit OFFSET $offset)
),
totals AS (
    SELECT sum(rows)::BIGINT AS total_rows, sum(cases)::BIGINT AS total_cases
    FROM (
        SELECT count(*) AS rows, count(DISTINCT case_key) AS cases FROM scoped WHERE ($sort = 'filed_on' AND $descending AND len($terms) = 0)
        UNION ALL
        SELECT count(*), count(DISTINCT case_key) FROM searched
    )
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
       coalesce(p.sector_code, c.sector_code) AS sector_code,
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
         p.k_number_down DESC NULLS LAST, p.k_number_up NULLS LAST, p.case_key, p.defendant_no NULLS FIRST
