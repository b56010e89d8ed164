-- access: analyst
-- Temporary macros for one import session (text cleaning, dates, amounts, flags, name keys);
-- returns nothing. Run once per import cursor before the typed_* queries.
-- Full-width ASCII and the ideographic space -> half-width.
CREATE OR REPLACE TEMP MACRO intake_halfwidth(v) AS
    CASE WHEN regexp_matches(v, '[\x{FF01}-\x{FF5E}\x{3000}]') THEN translate(v, '！＂＃＄％＆＇（）＊＋，－．／０１２３４５６７８９：；＜＝＞？＠ＡＢＣＤＥＦＧＨＩＪＫＬＭＮＯＰＱＲＳＴＵＶＷＸＹＺ［＼］＾＿｀ａｂｃｄｅｆｇｈｉｊｋｌｍｎｏｐｑｒｓｔｕｖｗｘｙｚ｛｜｝～　', '!"#$%&''()*+,-./0123456789:;<=>?@ABCDEFGHIJKLMNOPQRSTUVWXYZ[\]^_`abcdefghijklmnopqrstuvwxyz{|}~ ') ELSE v END;

-- Trimmed text, '' -> NULL: every Unicode space at either end goes (tabs and line breaks, the
-- no-break, thin and ideographic spaces, U+2000-U+200A, U+202F, U+205F) and so do the zero-width
-- ones (U+200B-U+200D, U+2060, a BOM U+FEFF). Most cells need no trimming: the anchored test is
-- cheaper than trimming every cell.
CREATE OR REPLACE TEMP MACRO intake_text(v) AS CASE
    WHEN regexp_matches(v, '^[\s\p{Z}\x0B\x{85}\x{180E}\x{200B}-\x{200D}\x{2060}\x{FEFF}]|[\s\p{Z}\x0B\x{85}\x{180E}\x{200B}-\x{200D}\x{2060}\x{FEFF}]$')
        THEN nullif(regexp_replace(v, '^[\s\p{Z}\x0B\x{85}\x{180E}\x{200B}-\x{200D}\x{2060}\x{FEFF}]+|[\s\p{Z}\x0B\x{85}\x{180E}\x{200B}-\x{200D}\x{2060}\x{FEFF}]+$', '', 'g'), '')
    ELSE nullif(v, '')
END;

-- A US federal docket number as PACER writes it - office:yy-type-nnnnn, lower case, the number
-- an integer zero-padded to five digits, judges' initials dropped ("1:24-CV-5555-JRB" ->
-- "1:24-cv-05555"). Spreadsheets also write it without dashes or with spaces ("1:24cv5555",
-- "1:24 cv 5555"), with the year in full ("1:2024-cv-05555"), the number with a leading zero too
-- many ("1:24-cv-005555"), after "No." or before the court in brackets ("1:24-cv-05555 (N.D.
-- Ill.)"), with no-break, thin or zero-width spaces in it: intake_docket_clean takes those away
-- (spaces, "No.", the bracket at the end, Unicode dashes), and the number is read from what is
-- left. Any other number (CBP, ITC, a Chinese court's) stays as written.
CREATE OR REPLACE TEMP MACRO intake_docket_clean(v) AS regexp_replace(regexp_replace(regexp_replace(
    lower(translate(intake_halfwidth(v), '‐‑‒–—―−', '-------')),
    '[\s\p{Z}\x{200B}-\x{200D}\x{2060}\x{FEFF}]+', '', 'g'),
    '^(?:case)?(?:no\.?|#):?', ''),
    '\([^()]*\)$', '');
CREATE OR REPLACE TEMP MACRO intake_docket_parts(s) AS
    regexp_extract(s, '^(?:(\d{1,2}):)?(\d{2}|(?:19|20)\d{2})-?([a-z]{1,4})-?0*(\d{1,6})(?:-[a-z]{1,4})*$',
                   ['office', 'yy', 'kind', 'num']);
CREATE OR REPLACE TEMP MACRO intake_docket_federal(p) AS
    CASE WHEN p.office = '' THEN '' ELSE p.office || ':' END || right(p.yy, 2) || '-' || p.kind || '-'
    || CASE WHEN length(ltrim(p.num, '0')) < 5 THEN lpad(ltrim(p.num, '0'), 5, '0') ELSE ltrim(p.num, '0') END;
CREATE OR REPLACE TEMP MACRO intake_docket_of(v, p) AS CASE WHEN p.yy = '' THEN v ELSE intake_docket_federal(p) END;
CREATE OR REPLACE TEMP MACRO intake_docket(v) AS intake_docket_of(v, intake_docket_parts(intake_docket_clean(v)));
-- Stored docket numbers by the keys a file may name them with: filled by ingest/stored_dockets at
-- the start of an import and again after it writes cases.
CREATE OR REPLACE TEMP TABLE intake_stored_dockets (court VARCHAR, key VARCHAR, kind VARCHAR, docket_number VARCHAR);
-- The docket number of a case of court p_court as stored, for a normalised number d: the stored
-- spelling of the same number, or the one stored case with that number with or without its
-- office; otherwise d as it is. Equality lookups, so DuckDB joins them by hash.
CREATE OR REPLACE TEMP MACRO intake_case_docket(p_court, d) AS coalesce(
    (SELECT any_value(s.docket_number) FROM intake_stored_dockets s
     WHERE s.court = p_court AND s.key = d AND s.kind IN ('same', 'bare')
     HAVING count(DISTINCT s.docket_number) = 1),
    (SELECT any_value(s.docket_number) FROM intake_stored_dockets s
     WHERE s.court = p_court AND s.kind = 'officeless' AND contains(d, ':') AND s.key = substr(d, strpos(d, ':') + 1)),
    d);
-- The docket number of a row, normalised (intake_docket): its docket_number cell, else what follows
-- the court in its case_id. Callers compute it in an inner query and give the column to
-- intake_case_docket: written inside that macro's call it is copied into both subqueries, which
-- DuckDB then plans apart - 40-70 ms a call, on an empty file (the imports of a feed batch).
CREATE OR REPLACE TEMP MACRO intake_row_number(raw_docket_number, raw_case_id) AS
    intake_docket(coalesce(raw_docket_number, nullif(substr(raw_case_id, strpos(raw_case_id, ':') + 1), '')));

-- A date from 2024-03-05, 2024/3/5, 2024.3.5, 2024年3月5日, any of them with a time of day (ISO
-- 2024-03-05T10:30:00, Excel's 2024/3/5 9:30), or an Excel serial number (45356, 45356.5: the day).
CREATE OR REPLACE TEMP MACRO intake_date(v) AS CASE
    WHEN v IS NULL THEN NULL
    WHEN regexp_full_match(intake_halfwidth(v), '\d{5}(\.\d+)?')
        THEN DATE '1899-12-30' + CAST(floor(CAST(intake_halfwidth(v) AS DOUBLE)) AS INTEGER)
    ELSE CAST(try_strptime(regexp_replace(intake_halfwidth(v), '[T ]([01]?\d|2[0-3]):[0-5]\d(:[0-5]\d(\.\d+)?)?$', ''),
                           ['%Y-%m-%d', '%Y/%m/%d', '%Y.%m.%d', '%Y年%m月%d日']) AS DATE)
END;

-- An amount in US dollars: thousands separators, $ / US$ / USD / 美元 and a 万 (10,000) unit allowed.
-- Commas must group thousands (1,234,567.5): "12,34" is left as it is, and so not an amount.
CREATE OR REPLACE TEMP MACRO intake_amount_grouped(t) AS CASE
    WHEN NOT contains(t, ',') THEN t
    WHEN regexp_full_match(t, '-?\d{1,3}(,\d{3})+(\.\d+)?万?') THEN replace(t, ',', '')
    ELSE t
END;
CREATE OR REPLACE TEMP MACRO intake_amount_text(v) AS
    intake_amount_grouped(regexp_replace(upper(intake_halfwidth(v)), '[\s\p{Z}\x0B\x{85}\x{180E}\x{200B}-\x{200D}\x{2060}\x{FEFF}]|US\$|USD|\$|美元|美金', '', 'g'));
-- intake_amount takes the text intake_amount_text made (computed once per cell by the caller).
CREATE OR REPLACE TEMP MACRO intake_amount(t) AS CASE
    WHEN t IS NULL THEN NULL
    WHEN regexp_full_match(t, '-?\d+(\.\d+)?') THEN CAST(t AS DOUBLE)
    WHEN regexp_full_match(t, '-?\d+(\.\d+)?万') THEN CAST(replace(t, '万', '') AS DOUBLE) * 10000
END;

CREATE OR REPLACE TEMP MACRO intake_bool(v) AS CASE
    WHEN lower(v) IN ('true', 't', '1', 'yes', 'y', '是', '有') THEN TRUE
    WHEN lower(v) IN ('false', 'f', '0', 'no', 'n', '否', '无') THEN FALSE
END;

-- A name or free text as written. Names are data: '@HomeDeals', '-Minus Outlet' and '=x' are kept.
-- Only the apostrophe that CaseWatch's own downloads put before such text (so that a spreadsheet
-- shows it rather than runs it) is taken off again, so a download imported back changes nothing:
-- where what follows it matches the downloads' own pattern, casewatch/export.py FORMULA_START (set
-- as the variable intake_formula_start by queries/ingest/formula_start.sql before this is used).
CREATE OR REPLACE TEMP MACRO intake_unquote(v) AS
    CASE WHEN starts_with(v, '''') AND regexp_matches(v[2:], getvariable('intake_formula_start')) THEN v[2:] ELSE v END;
CREATE OR REPLACE TEMP MACRO intake_name(v) AS intake_unquote(intake_text(v));

-- Lookup alias of a code or name: half-width, lower case, no spaces.
CREATE OR REPLACE TEMP MACRO intake_alias(v) AS lower(replace(intake_halfwidth(v), ' ', ''));

-- Traditional Chinese characters -> Simplified, character by character: a name holding one of
-- them (the class of data/t2s_characters.csv, set with the suffixes by
-- queries/ingest/name_suffixes.sql) goes through intake_t2s, which casewatch.matching registers
-- with them: "深圳市甲乙電子商務" is "深圳市甲乙电子商务".
CREATE OR REPLACE TEMP MACRO intake_simplified(v) AS
    CASE WHEN regexp_matches(v, getvariable('intake_name_suffixes').traditional) THEN intake_t2s(v) ELSE v END;
-- The words of a store or company name: half-width, simplified, a capital after a small letter
-- starting a word (store names run words together: "AnkerDirect", "JiaYiDirect"), lower case,
-- bracketed parts dropped, and every run of anything but letters, digits and Chinese characters
-- (punctuation, underscores, symbols such as ™ ® ©, emoji, CJK 。、·) one space. Suffixes are matched on these
-- words, so that "JiaYi Direct!", "jiayi_direct", "JiaYiDirect" and "JiaYi Direct™" end in the word
-- "direct".
CREATE OR REPLACE TEMP MACRO intake_name_words(v) AS trim(regexp_replace(
    regexp_replace(lower(regexp_replace(intake_simplified(intake_halfwidth(v)), '([a-z])([A-Z])', '\1 \2', 'g')),
                   '[(\[（【].*?[)\]）】]', ' ', 'g'),
    '[^a-z0-9\p{Han}]+', ' ', 'g'));
-- The key of a name's words w (intake_name_words): English suffixes dropped, then the spaces, then
-- the Chinese suffixes and their pinyin.
CREATE OR REPLACE TEMP MACRO intake_words_key(w) AS regexp_replace(
    replace(regexp_replace(w, getvariable('intake_name_suffixes').en, ''), ' ', ''),
    getvariable('intake_name_suffixes').zh, '');
-- Matching key of a store or company name: its words without legal or store suffixes (Co., Ltd /
-- Inc / Store / Official Store / Direct / Home / -US / 有限公司 / 旗舰店 ...), only letters, digits
-- and Chinese characters. The suffixes are reference data (data/name_suffixes.csv), set as the
-- variable intake_name_suffixes {en, zh} of regular expressions by queries/ingest/name_suffixes.sql
-- before this is used.
CREATE OR REPLACE TEMP MACRO intake_name_key(v) AS intake_words_key(intake_name_words(v));
-- The whole name in letters, digits and Chinese characters, suffixes kept (for fuzzy scoring: a
-- typo in "Co., Ltd" stops the suffix from being dropped, but not this from agreeing).
CREATE OR REPLACE TEMP MACRO intake_name_plain(v) AS replace(intake_name_words(v), ' ', '');
-- A seller id as ids are compared: half-width as names are (intake_halfwidth: "ＳＥＬＬＥＲ７" is
-- "SELLER7"), trimmed, lower case. Both sides of a comparison go through it.
CREATE OR REPLACE TEMP MACRO intake_seller_key(v) AS lower(trim(intake_halfwidth(v)));
-- What an analyst's decision on a defendant store applies to: platform + seller id, else platform
-- + the store name's key (k: intake_name_key of the store name).
CREATE OR REPLACE TEMP MACRO intake_subject(p_platform, p_seller_id, k) AS
    coalesce(p_platform, '') || '|' ||
    CASE WHEN p_seller_id IS NOT NULL THEN 'id:' || intake_seller_key(p_seller_id) ELSE 'name:' || coalesce(k, '') END;

-- The trade-name core of a key: leading places (province, city, district) and trailing trade words
-- (电子商务, technology, trading ...) removed; the patterns come from casewatch.matching.
CREATE OR REPLACE TEMP MACRO intake_core_key(k, lead_re, trail_re) AS
    regexp_replace(regexp_replace(k, lead_re, ''), trail_re, '');
CREATE OR REPLACE TEMP MACRO intake_place(k, lead_re) AS nullif(regexp_extract(k, lead_re), '');
CREATE OR REPLACE TEMP MACRO intake_trade(k, lead_re, trail_re) AS
    nullif(regexp_extract(regexp_replace(k, lead_re, ''), trail_re), '');
