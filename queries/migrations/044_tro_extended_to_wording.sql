-- Version 44: an extension's stated end is read only from the extension's own words. Version 43
-- took the first date after "to" or "through" anywhere in the entry, so "The TRO is extended.
-- Preliminary injunction hearing set to 1/20/2027." ended the TRO on the hearing's date. Now the
-- date must follow "extend(s/ed/ing)" or "extension" in the same sentence (no period or semicolon
-- between), within 80 characters, right after through/until/to/thru/till (and "and including"),
-- and the words between may not speak of a hearing, a setting or a deadline (set, reset, due,
-- hearing, response, respond, answer, deadline, continued): "The TRO is extended, and the hearing
-- is set to 2/16/2027" states no end of the TRO. docket_date now also reads "September 3, 2027"
-- (version 43 turned it into "Sepember"), "January 29th, 2027", "29 January 2027" and "1-29-2027".
-- member_matters (version 43) calls tro_extended_to and is unchanged.
-- (expressions only, no subqueries: member_matters aggregates tro_extended_to over a day's orders)
CREATE OR REPLACE MACRO docket_date_plain(text) AS
    regexp_replace(regexp_replace(regexp_replace(trim(text), '(\d)(st|nd|rd|th)\b', '\1', 'gi'),
                                  '(?i)\bsept\b', 'Sep', 'g'), '\.', '', 'g');
CREATE OR REPLACE MACRO docket_date(text) AS (
    CASE
        WHEN regexp_matches(docket_date_plain(text), '^\d{1,2}[/-]\d{1,2}[/-]\d{2}$')
            THEN try_strptime(replace(docket_date_plain(text), '-', '/'), '%m/%d/%y')
        WHEN regexp_matches(docket_date_plain(text), '^\d{1,2}[/-]\d{1,2}[/-]\d{4}$')
            THEN try_strptime(replace(docket_date_plain(text), '-', '/'), '%m/%d/%Y')
        ELSE try_strptime(docket_date_plain(text), ['%Y-%m-%d', '%B %d, %Y', '%B %d %Y', '%b %d, %Y', '%b %d %Y',
                                                    '%d %B %Y', '%d %b %Y', '%d %B, %Y', '%d %b, %Y'])
    END::DATE
);

-- The words of an extension that state its end ('' when none do).
CREATE OR REPLACE MACRO tro_stated_end(detail) AS regexp_extract(detail,
    '(?i)\b(extend(s|ed|ing)?|extension)\b[^.;]{0,80}?\b(through|until|to|thru|till)\s+(and\s+including\s+)?'
    || '((jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?\s+\d{1,2}(st|nd|rd|th)?,?\s+\d{4}'
    || '|\d{1,2}\s+(jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?,?\s+\d{4}'
    || '|\d{1,2}[/-]\d{1,2}[/-](\d{4}|\d{2})\b|\d{4}-\d{2}-\d{2})', 0);

CREATE OR REPLACE MACRO tro_extended_to(detail, entered_on) AS nullif(greatest(
    CASE WHEN NOT regexp_matches(tro_stated_end(detail),
                                 '(?i)\b(set|reset|due|hearing|response|respond|answer|deadline|continued)\b')
         THEN docket_date(regexp_extract(tro_stated_end(detail),
                                         '(?i)\b(through|until|to|thru|till)\s+(and\s+including\s+)?(\S.*)$', 3))
    END, entered_on), entered_on);
