-- access: analyst
-- Builds temp table intake_events from intake_raw: per non-empty row its row_no, raw text of
-- checked columns (raw_*) and parsed values (case_id, event_on, kind, defendant_no, partial), and
-- scope, which only the docket reader fills (casewatch/ingest/spec.py INTERNAL): 'defendant' for a
-- defendant the court names by number, 'unresolved' for an entry about defendants it names in no
-- form matched (partial: it ends no one's matter and not the case). Returns nothing.
CREATE OR REPLACE TEMP TABLE intake_events AS
WITH t AS (
    SELECT rowid - (SELECT min(rowid) FROM intake_raw) + $first_row AS row_no,
           intake_text(case_id) AS raw_case_id,
           intake_text(court) AS raw_court,
           intake_text(docket_number) AS raw_docket_number,
           intake_text(event_on) AS raw_event_on,
           intake_text(kind) AS raw_kind,
           intake_text(defendant_no) AS raw_defendant_no,
           intake_text(detail) AS detail,
           intake_text(scope) AS scope
    FROM intake_raw
), r AS (
    SELECT * REPLACE (intake_unquote(detail) AS detail),  -- intake_name, in two steps (ingest/typed_cases)
           intake_row_number(raw_docket_number, raw_case_id) AS number  -- see ingest/macros
    FROM t
)
SELECT r.* EXCLUDE (number),
       court.code || ':' || intake_case_docket(court.code, r.number) AS case_id,
       intake_date(r.raw_event_on) AS event_on,
       kind.code AS kind,
       CASE WHEN regexp_full_match(intake_halfwidth(r.raw_defendant_no), '\d{1,9}(\.0+)?')
            THEN CAST(CAST(intake_halfwidth(r.raw_defendant_no) AS DOUBLE) AS INTEGER) END AS defendant_no,
       coalesce(r.scope = 'unresolved', false) AS partial
FROM r
LEFT JOIN intake_vocab court
       ON court.domain = 'court'
      AND court.alias = intake_alias(coalesce(r.raw_court, nullif(split_part(r.raw_case_id, ':', 1), r.raw_case_id)))
LEFT JOIN intake_vocab kind ON kind.domain = 'event_kind' AND kind.alias = intake_alias(r.raw_kind)
WHERE coalesce(r.raw_case_id, r.raw_court, r.raw_docket_number, r.raw_event_on, r.raw_kind, r.raw_defendant_no,
               r.detail) IS NOT NULL
