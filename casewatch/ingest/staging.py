"""The import's first step: a file's rows into temp table intake_raw as text (a CSV read by DuckDB,
rows read already through a frame)."""

from __future__ import annotations

import pandas as pd

from casewatch.db import Cursor, QueryError
from casewatch.ingest import readers, spec
from casewatch.ingest.errors import FileRejected
from casewatch.sql import load_sql

MIN_LINE_SIZE = 2_000_000  # DuckDB's default max_line_size


def stage_csv(con: Cursor, source: readers.CsvSource, header: spec.HeaderMap) -> None:
    """Reads a UTF-8 CSV (readers.open_csv) into temp table intake_raw, its header's columns as text."""
    columns = {name: "VARCHAR" for name in header.staged_names()}
    try:
        # DuckDB's parallel reader cannot pad short rows when a quoted cell holds a line break;
        # its single reader thread can, a little slower (docs/benchmarks.md). A row longer than
        # DuckDB's default line size (2 MB) would be refused as malformed: line_size sets it
        con.execute(
            load_sql("ingest/stage_csv"),
            {
                "path": str(source.path),
                "columns": columns,
                "delim": source.delimiter,
                "parallel": not source.quoted,
                "max_line_size": line_size(source),
            },
        )
    except QueryError as exc:
        text = str(exc)
        if "unicode" in text.lower() or "utf-8" in text.lower():
            raise FileRejected("encoding_byte", "the file is not valid UTF-8", encoding="utf-8", offset="?") from exc
        line = text.split("Line:", 1)[1].split()[0] if "Line:" in text else "?"
        raise FileRejected("malformed", f"CSV cannot be read at line {line}", line=line) from exc
    overflow = con.execute(load_sql("ingest/overflow"), {"first_row": 2}).fetchone()
    if overflow and overflow[0] is not None:
        raise FileRejected("malformed", f"row {overflow[0]} has more fields than the header", line=overflow[0])


def line_size(source: readers.CsvSource) -> int:
    """The longest row DuckDB is to read: the file's longest line, or where a quoted cell may hold
    line breaks (a row of several lines), the file's size. Not the file's size for every file: it
    widens the reader's buffers (+200 MB of peak memory for a 100 MB file)."""
    longest = source.path.stat().st_size if source.quoted else source.longest_line
    return max(MIN_LINE_SIZE, longest + 2)


def stage_rows(con: Cursor, kind: str, rows: dict[str, list[str | None]]) -> None:
    """Rows read already (a workbook's, a docket's: column -> values) into intake_raw likewise."""
    length = len(next(iter(rows.values())))
    frame = pd.DataFrame({c: rows.get(c, [None] * length) for c in spec.staged_columns(kind)}, dtype=object)
    con.register("intake_frame", frame)
    try:
        con.execute(load_sql("ingest/stage_frame"))
    finally:
        con.unregister("intake_frame")
