"""Safe exports of what a page shows: CSV that Excel opens with Chinese intact, XLSX with a sheet
saying what was exported, and Parquet; no cell that a spreadsheet would run as a formula.

Large tables are written in chunks as they stream out of DuckDB (``write_case_table``), so an
export never holds the whole table in memory.
"""

from __future__ import annotations

import datetime as dt
import io
import re
from collections.abc import Callable, Iterable, Iterator, Sequence
from typing import IO, TYPE_CHECKING

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

from casewatch import cases, xlsx
from casewatch.access import Scope
from casewatch.filters import Filters, Vocabulary
from casewatch.i18n import t
from casewatch.progress import QUIET, Progress, Stage

if TYPE_CHECKING:
    from casewatch.db import Database

# A cell starting with one of these is read by Excel (or LibreOffice) as a formula or a DDE call.
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
FORMATS = ("csv", "xlsx", "parquet")
MIME = {
    "csv": "text/csv",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "parquet": "application/vnd.apache.parquet",
}
# RFC 4180 line ends; a carriage return inside a cell then gets the cell quoted, not split
CRLF = "\r\n"
XLSX_MAX_DATA_ROWS = 1_048_575  # a worksheet holds 1,048,576 rows, one of them the header


def neutralise(value: object) -> object:
    """Prefix text that a spreadsheet would evaluate with an apostrophe; other values unchanged."""
    if isinstance(value, str) and value.startswith(FORMULA_PREFIXES):
        return "'" + value
    return value


def neutralise_frame(frame: pd.DataFrame) -> pd.DataFrame:
    """A copy whose text cells and headers are neutralised; numbers stay numbers (negative amounts too)."""
    safe = frame.copy()
    for column in safe.columns:
        values = safe[column]
        text = pd.api.types.is_string_dtype(values) and pd.api.types.infer_dtype(values, skipna=True) == "string"
        if text:
            risky = values.str.startswith(FORMULA_PREFIXES, na=False)
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


def write_parquet(
    reader: pa.RecordBatchReader, out: IO[bytes], metadata: dict[str, str], columns: Sequence[tuple[str, str]] = ()
) -> int:
    """Writes the stream as Parquet batch by batch (typed columns, codes as stored, no
    neutralising: it is not opened by spreadsheets); ``metadata`` goes into the file's schema.
    ``columns`` (name in the file, column of the stream) picks and names the columns written."""
    pick = list(columns) or [(name, name) for name in reader.schema.names]
    fields = [reader.schema.field(source).with_name(name) for name, source in pick]
    schema = pa.schema(fields).with_metadata({f"casewatch.{k}": v for k, v in metadata.items()})
    rows = 0
    with pq.ParquetWriter(out, schema, compression="zstd") as writer:
        for batch in reader:
            writer.write_batch(pa.record_batch([batch.column(source) for _, source in pick], schema=schema))
            rows += batch.num_rows
    return rows


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

    All rows come from one snapshot, and the file names its data version. ``page_version`` is the
    data version of the page that offered the download: built later (when clicked), the export
    may find newer data, and then says so next to the version it holds."""
    if fmt not in FORMATS:
        raise ValueError(f"unknown export format {fmt!r}")
    at = exported_at or dt.datetime.now(dt.UTC)
    caption = filters.caption(lang, vocabulary)
    with (
        db.snapshot() as snap,
        cases.table_reader(snap, scope, filters, request) as table,
        progress.stage(f"write {fmt}", total=total) as shown,
    ):
        reader = pa.RecordBatchReader.from_batches(table.schema, _counted(table, shown))
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
            metadata = {key: value for key, (_, value) in zip(keys, lines(None), strict=True)}
            if newer:
                metadata["page_data_version"] = str(page_version)
            # the columns of the CSV and XLSX, in their order, by their contract names and with codes
            columns = [(name, f"member_name_{lang}" if name == "member_name" else name) for name, _ in cases.COLUMNS]
            return write_parquet(reader, out, metadata, columns)
        frames = cases.display_batches(reader, lang, vocabulary)
        if fmt == "csv":
            return write_csv(frames, out)
        return write_xlsx(
            frames,
            out,
            lambda rows: [*lines(rows), *page_line],
            sheet=t("export.sheet.data", lang),
            about_sheet=t("export.sheet.about", lang),
        )


def _counted(batches: Iterable[pa.RecordBatch], stage: Stage) -> Iterator[pa.RecordBatch]:
    """The batches, each counted on the stage as it passes."""
    for batch in batches:
        stage.advance(batch.num_rows)
        yield batch


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
