"""Hostile URL values: every name the app reads from the query string and a hypothesis strategy of
garbage, out-of-range, unknown-code and SQL-looking values for them (tests/app/test_hostile_urls.py,
tests/unit/test_filters.py)."""

from __future__ import annotations

import datetime as dt

from hypothesis import strategies as some

from casewatch.filters import LIST_FIELDS

# Every name the app reads from the URL: the global filters, the language and the pages' own
# (widgets bound to the query string and ?case= / ?month=).
URL_NAMES = sorted(
    {"from", "to", *LIST_FIELDS, "members", "lang", "case", "month", "member", "q", "sort", "page"}
    | {"measure", "milestone", "split", "by", "party", "trend_measure", "stack"}
)
NASTY = [
    "",
    " ",
    "'",
    '"',
    "' OR '1'='1",
    "1; DROP TABLE cases; --",
    "$date_from",
    "') UNION SELECT * FROM users --",
    "../../etc/passwd",
    "<script>alert(1)</script>",
    "=cmd|' /C calc'!A0",
    "%00",
    "\x00",
    "\u202e\u200b",
    "😀",
    "中文,粤,",
    "9" * 400,
    "a" * 5000,
    "-1",
    "0",
    "1e308",
    "NaN",
    "null",
    "[]",
    "{}",
    "true",
    "2024-02-30",
    "2024-13-01",
    "0001-01-01",
    "9999-12-31",
    "1999-12-31",
    " 2024-01-01 ",
    "2024-01",
    "2024-1-1",
    "440300,",
    ",,,",
    ",".join(["440300"] * 80),
    ",".join(f"b{i}" for i in range(200)),
    "-filed_on",
    "--filed_on",
    "M1",
    "ilnd:1:24-cv-00001",
]
KNOWN = ["440300", "440100", "999999", "S01", "S0101", "amazon", "trademark", "schedule_a", "ilnd", "Alpha"]
values = some.one_of(
    some.sampled_from(NASTY),
    some.text(max_size=40),
    some.dates(min_value=dt.date(1, 1, 1)).map(str),
    some.integers().map(str),
    some.lists(some.sampled_from(KNOWN + NASTY[:8]), max_size=6).map(",".join),
)
