"""The case explorer: search words, the sort allow-list, paging, and the columns the case table
shows (on screen and in every export, so that both carry the same rows and values).

The rows themselves come from queries/cases/table.sql, which applies the global filters, the
search and the viewer's row-level scope; nothing here reads the fact table.
"""

from __future__ import annotations

import datetime as dt
import unicodedata
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

import pandas as pd
import pyarrow as pa

from casewatch.access import Scope, bind
from casewatch.db import Database, Snapshot
from casewatch.deadlines import ANSWER_DAYS, TRO_DAYS  # noqa: F401 (my_cases.sql's periods)
from casewatch.filters import Filters, Vocabulary, month_end
from casewatch.i18n import t

# Sortable columns of queries/cases/table.sql (the query maps each name to its column itself).
SORTABLE = (
    "filed_on",
    "closed_on",
    "case_id",
    "court",
    "plaintiff",
    "brand",
    "law_firm",
    "store_name",
    "platform",
    "seller_id",
    "case_kind",
    "ip_type",
    "outcome",
    "frozen_usd",
    "settlement_usd",
    "judgment_usd",
)
DEFAULT_SORT = "filed_on"
PAGE_SIZE = 50
EXPORT_BATCH_ROWS = 65_536  # rows per chunk an export holds at a time
EXPORT_SLICE_ROWS = 100_000  # about one month at 10M rows: what DuckDB sorts at a time in an export by date
MAX_TERMS = 4  # queries/cases/table.sql tests up to four words
MAX_TERM_LENGTH = 60

# The case table's columns as shown and exported, with the vocabulary domain that names a coded
# value (None: shown as stored). member_name is member_name_zh or member_name_en by language.
COLUMNS: tuple[tuple[str, str | None], ...] = (
    ("case_id", None),
    ("court", "court"),
    ("docket_number", None),
    ("case_name", None),
    ("filed_on", None),
    ("closed_on", None),
    ("plaintiff", None),
    ("brand", None),
    ("law_firm", None),
    ("ip_type", "ip_type"),
    ("case_kind", "case_kind"),
    ("sector_code", "sector"),
    ("defendant_no", None),
    ("store_name", None),
    ("platform", "platform"),
    ("seller_id", None),
    ("member_id", None),
    ("member_name", None),
    ("city_code", "city"),
    ("outcome", "outcome"),
    ("frozen_usd", None),
    ("settlement_usd", None),
    ("judgment_usd", None),
)
DATE_COLUMNS = ("filed_on", "closed_on")
TOTAL_COLUMNS = ("total_rows", "total_cases")


def search_terms(text: str | None) -> tuple[str, ...]:
    """Search words as the query compares them: NFKC-normalised (full-width letters and digits
    become ASCII), lower-case, split on spaces, without repeats; at most MAX_TERMS words."""
    normalised = unicodedata.normalize("NFKC", text or "").lower()
    words: list[str] = []
    for word in normalised.split():
        word = word[:MAX_TERM_LENGTH]
        if word not in words:
            words.append(word)
    return tuple(words[:MAX_TERMS])


@dataclass(frozen=True)
class TableRequest:
    """What the case table is asked for beyond the global filters: search text and sort."""

    text: str = ""
    sort: str = DEFAULT_SORT
    descending: bool = True

    def __post_init__(self) -> None:
        if self.sort not in SORTABLE:
            raise ValueError(f"cannot sort by {self.sort!r}")

    @classmethod
    def from_query(cls, query: Mapping[str, str]) -> tuple[TableRequest, list[tuple[str, str]]]:
        """From URL values ``q`` and ``sort`` (``-filed_on`` = descending); bad values come back as
        notices (url name, value) and fall back to the default."""
        notices: list[tuple[str, str]] = []
        text = str(query.get("q") or "")[: MAX_TERMS * (MAX_TERM_LENGTH + 1)]
        raw = str(query.get("sort") or "")
        sort, descending = DEFAULT_SORT, True
        if raw:
            name = raw.lstrip("-")
            if name in SORTABLE:
                sort, descending = name, raw.startswith("-")
            else:
                notices.append(("sort", raw[:40]))
        return cls(text, sort, descending), notices

    def sort_param(self) -> str:
        """The URL value of the sort (``-name`` when descending)."""
        return f"-{self.sort}" if self.descending else self.sort

    def params(self, limit: int | None, offset: int = 0) -> dict[str, Any]:
        """Parameters of queries/cases/table.sql besides the global filters."""
        return {
            "terms": list(search_terms(self.text)),
            "sort": self.sort,
            "descending": self.descending,
            "limit": limit,
            "offset": offset,
        }

    def caption(self, lang: str) -> str:
        """The search and the sort in words (for captions and exports)."""
        parts = []
        terms = search_terms(self.text)
        if terms:
            parts.append(t("cases.search_caption", lang, terms=" ".join(terms)))
        direction = t("cases.sort_desc" if self.descending else "cases.sort_asc", lang)
        parts.append(t("cases.sort_caption", lang, column=column_label(self.sort, lang), direction=direction))
        return t("filters.separator", lang).join(parts)


def page_count(total_rows: int, page_size: int = PAGE_SIZE) -> int:
    return max(1, -(-total_rows // page_size))


def clamp_page(page: int, total_rows: int, page_size: int = PAGE_SIZE) -> int:
    """A 1-based page number within the pages there are."""
    return min(max(1, page), page_count(total_rows, page_size))


def column_label(name: str, lang: str) -> str:
    return t(f"cases.col.{name}", lang)


def totals(frame: pd.DataFrame) -> tuple[int, int]:
    """(rows, cases) matched, from the totals every row of queries/cases/table.sql carries."""
    if frame.empty:
        return 0, 0
    return int(frame["total_rows"].iloc[0]), int(frame["total_cases"].iloc[0])


def display_frame(frame: pd.DataFrame, lang: str, vocabulary: Vocabulary) -> pd.DataFrame:
    """The case table as shown and exported: its columns in order, coded values named, dates as
    dates, headers in ``lang``. The totals-only row (page past the end) is dropped."""
    rows = frame[frame["case_id"].notna()] if "case_id" in frame.columns else frame
    shown = pd.DataFrame(index=rows.index)
    for name, domain in COLUMNS:
        values = rows[f"member_name_{lang}"] if name == "member_name" else rows[name]
        if domain is not None:
            named = values.map(_names(vocabulary, domain, lang))
            values = named.where(named.notna(), values)  # a code without a name shows as itself
        elif name == "defendant_no":  # whole numbers even in a chunk with a case without defendants
            values = values.astype("Int64")
        elif name in DATE_COLUMNS:
            values = pd.to_datetime(values).dt.date.astype(object).where(values.notna(), None)
        shown[column_label(name, lang)] = values
    return shown.reset_index(drop=True)


def _names(vocabulary: Vocabulary, domain: str, lang: str) -> dict[str, str]:
    index = 0 if lang == "zh" else 1
    return {code: names[index] for code, names in vocabulary.names.get(domain, {}).items()}


def export_slices(
    filters: Filters, request: TableRequest, monthly_rows: pd.DataFrame, rows_per_slice: int | None = None
) -> list[Filters]:
    """Filing-date slices whose results, one after the other, keep the requested order: runs of
    whole months (``monthly_rows``: month, rows, as from queries/cases/months.sql) of about
    ``rows_per_slice`` rows, newest first (oldest first when ascending), when the table is sorted
    by filing date; else the whole period at once. Each slice is sorted on its own, so an export
    holds one slice of rows in DuckDB's sort instead of all of them."""
    if request.sort != "filed_on" or monthly_rows.empty:
        return [filters]
    limit = rows_per_slice or EXPORT_SLICE_ROWS
    slices: list[Filters] = []
    start: dt.date | None = None
    held = 0
    months = [pd.Timestamp(m).date() for m in monthly_rows["month"]]
    for index, (month, rows) in enumerate(zip(months, monthly_rows["rows"], strict=True)):
        start = start or max(month, filters.date_from)
        held += int(rows)
        last = index == len(months) - 1
        if held >= limit or last:
            end = filters.date_to if last else month_end(month)
            slices.append(filters.with_values(date_from=start, date_to=end))
            start, held = None, 0
    return slices[::-1] if request.descending else slices


@contextmanager
def table_reader(
    db: Database | Snapshot, scope: Scope, filters: Filters, request: TableRequest, batch_rows: int | None = None
) -> Iterator[pa.RecordBatchReader]:
    """Every matching row of the case table (scoped, filtered, sorted as on screen) as a stream of
    Arrow batches without the totals columns, so that exports never hold the whole table. Every
    slice is read in one snapshot (``db`` itself, or a new one of a Database): an import committing
    while the rows stream out cannot add rows to the later slices."""
    if isinstance(db, Database):
        with db.snapshot() as snap, table_reader(snap, scope, filters, request, batch_rows) as reader:
            yield reader
        return

    def rows_of(part: Filters) -> pa.RecordBatchReader:
        text, params = bind("cases/table", scope, {**part.params(), **request.params(limit=None)})
        # a relation streams its batches; to_arrow_reader() on an executed cursor would copy all rows first
        return db.relation(text, params).to_arrow_reader(batch_rows or EXPORT_BATCH_ROWS)

    monthly = db.query("cases/months", scope=scope, **filters.params()) if request.sort == "filed_on" else None
    parts = export_slices(filters, request, monthly if monthly is not None else pd.DataFrame())
    first = rows_of(parts[0])
    keep = [field.name for field in first.schema if field.name not in TOTAL_COLUMNS]
    schema = pa.schema([first.schema.field(name) for name in keep])

    def batches() -> Iterator[pa.RecordBatch]:
        for index, part in enumerate(parts):
            for batch in first if index == 0 else rows_of(part):
                rows = batch.filter(batch.column("case_id").is_valid()).select(keep)
                if rows.num_rows:
                    yield rows.cast(schema)

    yield pa.RecordBatchReader.from_batches(schema, batches())
