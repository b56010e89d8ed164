"""Safe exports of what a page shows: CSV that Excel opens with Chinese intact, XLSX with a sheet
saying what was exported, and Parquet; no cell that a spreadsheet would run as a formula.

The case table (``write_case_table``) is written by DuckDB itself: the SQL names coded values and
neutralises formula-like text, DuckDB's ``COPY ... TO`` writes CSV and Parquet, and XLSX streams
in batches; no Python loop runs per row and no export holds the whole table in memory.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
import shutil
import tempfile
from collections.abc import Callable, Iterable, Iterator, Sequence
from pathlib import Path
from typing import IO, Any

import pandas as pd
import pyarrow as pa

from casewatch import cases, xlsx
from casewatch.access import Scope, bind
from casewatch.db import Database, Snapshot
from casewatch.filters import Filters, Vocabulary
from casewatch.i18n import t
from casewatch.progress import QUIET, Progress

# A cell starting with = + - @, a tab or a CR is read by Excel (or LibreOffice) as a formula or a
# DDE call; so is one whose first sign after leading spaces (any Unicode space, the zero-width ones,
# a BOM) is = + - @, or their full-width forms, which an IME or a locale's Excel may take for them.
_SPACES = "\t\n\v\f\r \u00a0\u1680\u2000-\u200b\u2028\u2029\u202f\u205f\u3000\ufeff"
_SIGNS = "=+@\uff1d\uff0b\uff0d\uff20-"  # the hyphen last: not a range
# As one regular expression, of literal characters only: Python's re (neutralise) and DuckDB's RE2
# (the case table's exports, and the import taking the apostrophe off: intake_unquote) read it alike.
FORMULA_START = f"^[\t\r]|^[{_SPACES}]*[{_SIGNS}]"
_FORMULA = re.compile(FORMULA_START)
FORMATS = ("csv", "xlsx", "parquet")
MIME = {
    "csv": "text/csv",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "parquet": "application/vnd.apache.parquet",
}
# RFC 4180 line ends; a carriage return inside a cell then gets the cell quoted, not split
CRLF = "\r\n"
XLSX_MAX_DATA_ROWS = 1_048_575  # a worksheet holds 1,048,576 rows, one of them the header
COPY_BYTES = 1 << 20  # what is held at a time while a written file is copied to the download
# case table columns that are not text (cases.COLUMNS): never neutralised, they stay typed
NOT_TEXT = frozenset({*cases.DATE_COLUMNS, "defendant_no", "frozen_usd", "settlement_usd", "judgment_usd"})


def neutralise(value: object) -> object:
    """Prefix text that a spreadsheet would evaluate with an apostrophe; other values unchanged."""
    if isinstance(value, str) and _FORMULA.match(value):
        return "'" + value
    return value


def neutralise_frame(frame: pd.DataFrame) -> pd.DataFrame:
    """A copy whose text cells and headers are neutralised; numbers stay numbers (negative amounts too)."""
    safe = frame.copy()
    for column in safe.columns:
        values = safe[column]
        text = pd.api.types.is_string_dtype(values) and pd.api.types.infer_dtype(values, skipna=True) == "string"
        if text:
            risky = values.str.contains(FORMULA_START, regex=True, na=False)
            if risky.any():
                safe[column] = values.where(~risky, "'" + values.astype(str))
        elif values.dtype == object:
            safe[column] = values.map(neutralise)
    safe.columns = [str(neutralise(str(c))) for c in safe.columns]
    return safe


def csv_bytes(frame: pd.DataFrame) -> bytes:
    """UTF-8 CSV with a BOM (so Excel shows Chinese), the header row first."""
    buffer = io.BytesIO()
    write_csv([frame], buffer)
    return buffer.getvalue()


def write_csv(frames: Iterable[pd.DataFrame], out: IO[bytes]) -> int:
    """Writes the frames as one RFC 4180 CSV: UTF-8 with a BOM, CRLF line ends, the first frame's
    headers as the first line (what the file holds is said by its name, not above the header, so
    pandas, DuckDB, R and Excel's import read it with their defaults); returns data rows written."""
    out.write("\ufeff".encode())
    rows = 0
    header = True
    for frame in frames:
        out.write(neutralise_frame(frame).to_csv(index=False, header=header, lineterminator=CRLF).encode("utf-8"))
        header = False
        rows += len(frame)
    return rows


def write_xlsx(
    frames: Iterable[pd.DataFrame],
    out: IO[bytes],
    about: Callable[[int], Sequence[tuple[str, str]]],
    *,
    sheet: str,
    about_sheet: str,
) -> int:
    """Writes the frames as the first sheet (continued on further sheets past Excel's row limit)
    and ``about(rows)`` (label, value) lines as the last sheet; text is never written as a formula.
    Rows go to the file as they come, a batch at a time (casewatch/xlsx.py). Returns data rows
    written."""
    return xlsx.write_workbook(
        (neutralise_frame(frame) for frame in frames),
        out,
        lambda rows: [(str(neutralise(label)), str(neutralise(value))) for label, value in about(rows)],
        sheet=sheet,
        about_sheet=about_sheet,
        max_rows=XLSX_MAX_DATA_ROWS,
    )


def viewer_label(scope: Scope, lang: str) -> str:
    if scope.role == "member":
        return t("export.viewer_member", lang, member=scope.member_id)
    return t("export.viewer_staff", lang, role=t(f"auth.role.{scope.role}", lang))


def about_rows(
    *,
    caption: str,
    request: cases.TableRequest,
    scope: Scope,
    data_version: int,
    exported_at: dt.datetime,
    rows: int | None,
    lang: str,
) -> list[tuple[str, str]]:
    """(label, value) lines saying what an export holds: filters, search and sort, time, version."""
    lines = [
        (t("export.about.filters", lang), caption),
        (t("export.about.search", lang), request.caption(lang)),
        (t("export.about.viewer", lang), viewer_label(scope, lang)),
        (t("export.about.exported_at", lang), exported_at.isoformat(timespec="seconds")),
        (t("export.about.data_version", lang), str(data_version)),
    ]
    if rows is not None:
        lines.append((t("export.about.rows", lang), f"{rows:,}"))
    return lines


def write_case_table(
    db: Database,
    scope: Scope,
    filters: Filters,
    request: cases.TableRequest,
    fmt: str,
    out: IO[bytes],
    *,
    lang: str,
    vocabulary: Vocabulary,
    exported_at: dt.datetime | None = None,
    page_version: int | None = None,
    progress: Progress = QUIET,
    total: int | None = None,
) -> int:
    """Writes every row of the case table the scope may see under the filters and request, in
    the on-screen order and columns, as ``fmt`` (csv | xlsx | parquet); returns rows written.
    ``progress`` shows the rows written (of ``total``, when the caller knows it) as they go.

    DuckDB names the coded values and neutralises formula-like text itself (``export_select``);
    CSV and Parquet are written by its own ``COPY ... TO`` writers into a scratch folder and then
    copied to ``out``, XLSX streams its batches through casewatch/xlsx.py. Exports sorted by filing
    date go in slices of whole months (cases.export_slices), so DuckDB sorts one slice at a time.

    All rows come from one snapshot, and the file names its data version. ``page_version`` is the
    data version of the page that offered the download: built later (when clicked), the export
    may find newer data, and then says so next to the version it holds."""
    if fmt not in FORMATS:
        raise ValueError(f"unknown export format {fmt!r}")
    at = exported_at or dt.datetime.now(dt.UTC)
    caption = filters.caption(lang, vocabulary)
    with (
        db.snapshot() as snap,
        tempfile.TemporaryDirectory(prefix="casewatch-export-") as scratch,
        progress.stage(f"write {fmt}", total=total) as shown,
    ):
        version = snap.data_version
        newer = page_version is not None and page_version != version
        page_line = [(t("resilience.export.page_version_label", lang), str(page_version))] if newer else []

        def lines(rows: int | None) -> list[tuple[str, str]]:
            return about_rows(
                caption=caption,
                request=request,
                scope=scope,
                data_version=version,
                exported_at=at,
                rows=rows,
                lang=lang,
            )

        if fmt == "parquet":
            keys = ("filters", "search", "viewer", "exported_at", "data_version")
            metadata = {f"casewatch.{key}": value for key, (_, value) in zip(keys, lines(None), strict=True)}
            if newer:
                metadata["casewatch.page_data_version"] = str(page_version)
            # the columns of the CSV and XLSX, in their order, by their contract names and with codes
            sql, params = export_select(scope, filters, request, lang, vocabulary, shown=False)
            path = Path(scratch) / "rows.parquet"
            copy = f"COPY ({sql}) TO $path (FORMAT parquet, COMPRESSION zstd, KV_METADATA $metadata)"
            rows = _copied(snap, copy, {**params, "path": str(path), "metadata": metadata})
            shown.advance(rows)
            with path.open("rb") as written:
                shutil.copyfileobj(written, out, COPY_BYTES)
            return rows
        parts = _slices(snap, scope, filters, request)
        labels = [str(neutralise(cases.column_label(name, lang))) for name, _ in cases.COLUMNS]
        if fmt == "csv":
            head = io.StringIO()
            csv.writer(head, lineterminator=CRLF).writerow(labels)
            out.write(("\ufeff" + head.getvalue()).encode("utf-8"))
            rows = 0
            for index, part in enumerate(parts):
                sql, params = export_select(scope, part, request, lang, vocabulary, shown=True)
                path = Path(scratch) / f"rows{index}.csv"
                copy = f"COPY ({sql}) TO $path (FORMAT csv, HEADER false, NEW_LINE '\\r\\n')"
                written_rows = _copied(snap, copy, {**params, "path": str(path)})
                with path.open("rb") as written:
                    shutil.copyfileobj(written, out, COPY_BYTES)
                path.unlink()
                rows += written_rows
                shown.advance(written_rows)
            return rows

        def frames() -> Iterator[pd.DataFrame]:
            for part in parts:
                sql, params = export_select(scope, part, request, lang, vocabulary, shown=True)
                for batch in snap.relation(sql, params).to_arrow_reader(cases.EXPORT_BATCH_ROWS):
                    shown.advance(batch.num_rows)
                    frame = batch.to_pandas(types_mapper=_whole_numbers)
                    frame.columns = labels
                    yield frame
            yield pd.DataFrame(columns=labels)  # headers even when no row matched

        def about(rows: int) -> list[tuple[str, str]]:
            return [(str(neutralise(label)), str(neutralise(value))) for label, value in [*lines(rows), *page_line]]

        return xlsx.write_workbook(
            frames(),
            out,
            about,
            sheet=t("export.sheet.data", lang),
            about_sheet=t("export.sheet.about", lang),
            max_rows=XLSX_MAX_DATA_ROWS,
        )


def export_select(
    scope: Scope,
    filters: Filters,
    request: cases.TableRequest,
    lang: str,
    vocabulary: Vocabulary,
    *,
    shown: bool,
) -> tuple[str, dict[str, Any]]:
    """SQL and parameters of the case table's rows as a download holds them: queries/cases/table.sql
    (scope checked, the viewer bound) without its totals-only row, in its order, the columns of
    cases.COLUMNS under their contract names. ``shown`` (CSV, XLSX): coded values named in
    ``lang`` (a code without a name stays itself) and text a spreadsheet would evaluate prefixed
    with an apostrophe, as ``neutralise`` does; else (Parquet) values as stored.

    Only identifiers of cases.COLUMNS and the text of query files go into the SQL; every value
    (the vocabulary's names included) is a bound parameter."""
    text, params = bind("cases/table", scope, {**filters.params(), **request.params(limit=None), "lang": lang})
    if shown:
        params["formula_start"] = FORMULA_START
    text = text.strip().rstrip(";")
    columns = []
    for column, domain in cases.COLUMNS:
        value = _quoted(column)
        if column == "member_name":
            value = "CASE WHEN $lang = 'en' THEN member_name_en ELSE member_name_zh END"
        if shown and domain is not None:
            names = f"map_from_entries(${domain}_names::STRUCT(k VARCHAR, v VARCHAR)[])"
            value = f"coalesce(map_extract_value({names}, {value}), {value})"
            index = 0 if lang == "zh" else 1
            params[f"{domain}_names"] = [
                {"k": code, "v": both[index]} for code, both in vocabulary.names.get(domain, {}).items()
            ]
        if shown and column not in NOT_TEXT:
            # a regular expression, not IN (...): DuckDB plans a list of values as a join, which loses the order
            value = f"CASE WHEN regexp_matches({value}, $formula_start) THEN chr(39) || {value} ELSE {value} END"
        columns.append(f"{value} AS {_quoted(column)}")
    select = ",\n       ".join(columns)
    # a table subquery of SELECT and WHERE keeps the order of the query inside (DuckDB's order preservation)
    sql = f"SELECT {select}\nFROM (\n{text}\n) AS case_rows\nWHERE case_rows.case_id IS NOT NULL"
    return sql, params


def _quoted(identifier: str) -> str:
    return '"' + identifier.replace('"', '""') + '"'


def _copied(snap: Snapshot, copy: str, params: dict[str, Any]) -> int:
    """Runs a ``COPY ... TO`` in the snapshot (a statement runs when its relation is made, once);
    returns the rows it wrote."""
    rows = snap.relation(copy, params).fetchall()
    return int(rows[0][0]) if rows else 0


def _slices(snap: Snapshot, scope: Scope, filters: Filters, request: cases.TableRequest) -> list[Filters]:
    """The filing-date slices an export goes in (cases.export_slices)."""
    monthly = snap.query("cases/months", scope=scope, **filters.params()) if request.sort == "filed_on" else None
    return cases.export_slices(filters, request, monthly if monthly is not None else pd.DataFrame())


def _whole_numbers(arrow_type: pa.DataType) -> pd.api.extensions.ExtensionDtype | None:
    """Integers as pandas' nullable Int64, so a defendant number stays whole beside an empty one."""
    return pd.Int64Dtype() if pa.types.is_integer(arrow_type) else None


def file_name(
    what: str, fmt: str, *, filters: Filters | None = None, version: int | None = None, member_id: str | None = None
) -> str:
    """A download's file name saying what it holds, e.g. ``casewatch_cases_2025-12_2026-11_v7.csv``:
    the table, the filing months of the filters, the data version and, for a member, whose view."""
    parts = ["casewatch", what]
    if filters is not None:
        parts += [f"{filters.date_from:%Y-%m}", f"{filters.date_to:%Y-%m}"]
    if version is not None:
        parts.append(f"v{version}")
    if member_id:
        parts.append(re.sub(r"[^0-9A-Za-z-]+", "-", member_id).strip("-") or "member")
    return "_".join(re.sub(r"[^0-9A-Za-z.-]+", "-", part) for part in parts) + f".{fmt}"
