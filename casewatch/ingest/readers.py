"""Readers: a file on disk -> its header cells and a source DuckDB can stage.

CSV stays on disk and is read by DuckDB itself (transcoded to UTF-8 first when it is GB18030 /
GBK or UTF-16); XLSX is read with openpyxl into a frame of text cells; JSON is parsed for the
docket reader. Every refusal is a FileRejected naming the problem.
"""

from __future__ import annotations

import codecs
import csv
import datetime as dt
import hashlib
import io
import json
import re
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
from charset_normalizer import from_bytes
from openpyxl import load_workbook
from openpyxl.utils.escape import unescape
from openpyxl.utils.exceptions import InvalidFileException

from casewatch.ingest import spec
from casewatch.ingest.errors import FileRejected

SAMPLE_BYTES = 1 << 20
CSV_CELL_LIMIT = (1 << 31) - 1  # the csv module's cell limit while scanning (default 128 KB)
# Encodings an association's files come in (Excel on Chinese Windows saves GBK/GB18030; its
# "Unicode text" export is UTF-16 with a BOM). Anything else is refused rather than guessed.
ACCEPTED_ENCODINGS = ("utf_8", "utf_8_sig", "gb18030", "gbk", "gb2312", "utf_16", "utf_16_le", "utf_16_be")
_MERGE = re.compile(rb'<mergeCell\s+ref="([A-Z]+)(\d+):([A-Z]+)(\d+)"')


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def detect_encoding(sample: bytes) -> str:
    """utf-8 / utf-8-sig / utf-16 / gb18030 for a sample of the file; refuses anything else."""
    if sample.startswith(codecs.BOM_UTF8):
        return "utf-8-sig"
    if sample.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "utf-16"
    if b"\x00" in sample:
        raise FileRejected("binary", "the file is binary, not a text table")
    # a sample may end inside a multi-byte character: decode up to its last line break
    cut = sample.rfind(b"\n") + 1 if len(sample) >= SAMPLE_BYTES else len(sample)
    head = sample[: cut or len(sample)]
    try:
        head.decode("utf-8")
    except UnicodeDecodeError as exc:
        if _utf8_beyond_ascii(head[: exc.start]):  # UTF-8 text, then a byte that is not
            raise _not_utf8(head[: exc.start]) from exc
        first_bad = exc.start
    else:
        return "utf-8"
    # nearly any bytes decode as GB18030, a US Excel file's windows-1252 or a Hong Kong file's Big5
    # too ("Daffy’s" reads "Daffy抯"): GB18030 is taken outright only when every character beyond
    # ASCII is one of GB2312's (simplified Chinese, full-width punctuation), as an association's
    # GBK files are, and otherwise only when charset_normalizer finds it the likeliest
    try:
        decoded = head.decode("gb18030")
    except UnicodeDecodeError:
        decoded = None
    if decoded is not None and _all_gb2312(decoded):
        return "gb18030"
    best = from_bytes(head).best()
    if best is not None and best.encoding in ACCEPTED_ENCODINGS:
        return "gb18030" if best.encoding.startswith("gb") else best.encoding.replace("_", "-")
    guess = best.encoding if best is not None else "?"
    # where it first parts from UTF-8: the line a user looks at in an editor to see what it holds
    line = _line_of(head[:first_bad])
    raise FileRejected(
        "encoding",
        f"line {line}: byte {first_bad} is not UTF-8, and the file is not GBK either "
        f"(it reads as {guess}); save it as UTF-8 or GBK",
        encoding=guess,
        line=line,
        offset=first_bad,
    )


_ASCII = re.compile(r"[\x00-\x7f]+")


def _all_gb2312(text: str) -> bool:
    """Every character of ``text`` beyond ASCII is in GB2312's area of GBK (lead byte A1-F7, trail
    A1-FE), read by bytes: Python's gb2312 codec maps A1A4 and A1AA to other characters than GBK's
    "·" and "—", which Chinese input methods type."""
    try:
        data = _ASCII.sub("", text).encode("gbk")
    except UnicodeEncodeError:
        return False
    return all(0xA1 <= byte <= 0xFE for byte in data) and all(byte <= 0xF7 for byte in data[0::2])


def transcode(path: Path, encoding: str, out: Path) -> None:
    """Streams a text file into UTF-8 at ``out``; a byte that does not decode refuses the file."""
    decoder = codecs.getincrementaldecoder(encoding)(errors="strict")
    offset = 0
    with path.open("rb") as src, out.open("w", encoding="utf-8", newline="") as dst:
        for block in iter(lambda: src.read(1 << 20), b""):
            try:
                dst.write(decoder.decode(block))
            except UnicodeDecodeError as exc:
                raise FileRejected(
                    "encoding_byte",
                    f"byte {offset + exc.start} does not decode as {encoding}",
                    encoding=encoding,
                    offset=offset + exc.start,
                ) from exc
            offset += len(block)
        dst.write(decoder.decode(b"", final=True))


@dataclass(frozen=True)
class CsvSource:
    """A UTF-8 CSV on disk for DuckDB: its path, delimiter, header cells and original encoding."""

    path: Path
    delimiter: str
    headers: list[str]
    encoding: str
    quoted: bool = True  # the file has a quote character: a cell may hold a line break
    longest_line: int = 0  # bytes of its longest line (a quoted cell's line breaks part a row)


@dataclass(frozen=True)
class FrameSource:
    """Rows already read (XLSX): header cells, text rows, the sheet row number of the first one."""

    headers: list[str]
    rows: list[list[str | None]]
    first_row: int
    sheets: tuple[str, ...] = ()  # every sheet of the workbook
    unread: tuple[str, ...] = ()  # the other sheets that hold something, when no sheet was named


def open_csv(path: Path, workdir: Path) -> CsvSource:
    with path.open("rb") as handle:
        sample = handle.read(SAMPLE_BYTES)
    encoding = detect_encoding(sample)
    utf8 = path
    if encoding in ("utf-8", "utf-8-sig") and len(sample) == SAMPLE_BYTES:
        encoding = _utf8_or_gb18030(path, encoding)
    if encoding not in ("utf-8", "utf-8-sig"):
        utf8 = workdir / (path.stem + ".utf8.csv")
        transcode(path, encoding, utf8)
        with utf8.open("rb") as handle:
            sample = handle.read(SAMPLE_BYTES)
    text = sample.decode("utf-8", errors="ignore").lstrip("\ufeff")
    first_line, ending = _first_line(text)
    if not first_line.strip():
        if text.strip():  # the header must be the first line: rows are numbered from it
            raise FileRejected("leading_blank", "line 1 is blank; the header row must be the first line", line=1)
        raise FileRejected("empty", "the file is empty")
    delimiter = max(("\t", ";", ","), key=first_line.count) if first_line.count(",") == 0 else ","
    _allow_long_cells()
    try:
        headers = next(csv.reader(io.StringIO(first_line, newline=""), delimiter=delimiter))
    except csv.Error as exc:
        raise _bad_csv_line(1, exc) from exc
    blank, quotes, longest = _scan(utf8)
    # lines ending in a lone CR (Excel for Mac 2011): DuckDB reads them, but _scan sees no blank
    # line among them, which DuckDB would skip; the copy that keeps blank lines has CRLF lines
    blank = blank or ending == "\r"
    # an odd count is either a quoted cell never closed or a literal mark in an unquoted cell
    # (12" Pizza Pans), which reads as written: only a quote that opens a cell and never closes
    # refuses the file
    line = _unclosed_quote_line(utf8, delimiter) if quotes % 2 else None
    if line is not None:
        raise FileRejected("malformed", f"unclosed quote from line {line}", line=line)
    if blank:
        blank_kept = workdir / (path.stem + ".rows.csv")
        _keep_blank_rows(utf8, blank_kept, delimiter, len(headers))
        utf8 = blank_kept
    return CsvSource(utf8, delimiter, headers, encoding, quotes > 0, longest)


_LINE_END = re.compile(r'"|\r\n?|\n')


def _first_line(text: str) -> tuple[str, str]:
    """The first line of ``text`` (up to its first line end outside a quoted cell) and that line
    end ("\r\n", "\n", a lone "\r" or "" when the text has none). A quote opens a quoted cell
    only at the start of a cell, as the csv module reads it (12" Pans is text)."""
    quoted = False
    closed = -2  # where the last quoted cell closed: a quote right after it is a doubled one
    for match in _LINE_END.finditer(text):
        at = match.start()
        if match.group() != '"':
            if not quoted:
                return text[:at], match.group()
        elif quoted:
            quoted, closed = False, at
        elif at == 0 or text[at - 1] in ",;\t" or closed == at - 1:
            quoted = True
    return text, ""


def _bad_csv_line(line: int, exc: csv.Error) -> FileRejected:
    return FileRejected("bad_csv_line", f"line {line} cannot be read as CSV: {exc}", line=line, detail=str(exc))


def _first_bad_utf8(path: Path) -> int | None:
    """The offset of the first byte of the file that is not UTF-8, None when it all is."""
    decoder = codecs.getincrementaldecoder("utf-8")(errors="strict")
    offset = 0
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 24), b""):
            pending = len(decoder.getstate()[0])
            try:
                decoder.decode(block)
            except UnicodeDecodeError as exc:
                return offset - pending + exc.start
            offset += len(block)
        try:
            decoder.decode(b"", final=True)
        except UnicodeDecodeError as exc:
            return offset - len(decoder.getstate()[0]) + exc.start
    return None


def _utf8_or_gb18030(path: Path, encoding: str) -> str:
    """The encoding of a file whose first megabyte read as UTF-8: that, when the whole file is;
    else GB18030 (a superset of GBK) when the whole file decodes as GB18030 and its characters
    around the first byte that is not UTF-8 are GBK's Chinese ones (as detect_encoding asks of a
    sample), so that a GBK file whose Chinese rows come late is read. Otherwise the file is
    refused naming the line and the byte that is not UTF-8."""
    bad = _first_bad_utf8(path)
    if bad is None:
        return encoding
    with path.open("rb") as handle:
        head = handle.read(bad)
        around = handle.read(SAMPLE_BYTES)
    start = head.rfind(b"\n") + 1
    window = head[start:] + around[: around.rfind(b"\n") + 1 or len(around)]
    if encoding == "utf-8" and not _utf8_beyond_ascii(head) and _reads_as_gb18030(window) and _decodes(path, "gb18030"):
        return "gb18030"
    raise _not_utf8(head)


def _utf8_beyond_ascii(data: bytes) -> bool:
    """``data``, valid UTF-8, is UTF-8 text (so that a byte after it that is not UTF-8 makes a file
    of mixed encodings, which no single codec reads): it holds a character of three bytes or more
    (Chinese, full-width forms: U+0800 on), and does not read as GB2312's Chinese too. GBK's
    two-byte characters are often valid UTF-8 of two bytes as well ("小" D0 A1 is U+0421, the
    traditional "聯" C2 93 is U+0093), which no Chinese file holds as such; three-byte UTF-8 in GBK
    text needs a run of byte values that its common characters seldom make."""
    if data.isascii() or not any(ord(ch) >= 0x800 for ch in data.decode("utf-8")):
        return False
    try:
        return not _all_gb2312(data.decode("gb18030"))
    except UnicodeDecodeError:
        return True


_BYTE_LINE_END = re.compile(rb"\r\n|\r|\n")


def _line_of(before: bytes) -> int:
    """The line (from 1) that the byte after ``before`` is on: line ends CRLF, LF or CR alone (Excel
    for Mac 2011's CSV)."""
    return len(_BYTE_LINE_END.findall(before)) + 1


def _not_utf8(head: bytes) -> FileRejected:
    """The refusal of a file whose bytes up to the first one that is not UTF-8 are ``head``."""
    line = _line_of(head)
    return FileRejected(
        "encoding_line",
        f"line {line}: byte {len(head)} is not valid UTF-8 (nor is the file GBK/GB18030)",
        line=line,
        offset=len(head),
    )


def _reads_as_gb18030(data: bytes) -> bool:
    try:
        decoded = data.decode("gb18030")
    except UnicodeDecodeError:
        return False
    if _all_gb2312(decoded):
        return True
    best = from_bytes(data).best()
    return best is not None and best.encoding.startswith("gb")


def _decodes(path: Path, encoding: str) -> bool:
    decoder = codecs.getincrementaldecoder(encoding)(errors="strict")
    try:
        with path.open("rb") as handle:
            for block in iter(lambda: handle.read(1 << 24), b""):
                decoder.decode(block)
        decoder.decode(b"", final=True)
    except UnicodeDecodeError:
        return False
    return True


def _scan(path: Path) -> tuple[bool, int, int]:
    """(a line of the file is empty before its end, the number of quote characters: odd means a
    quote is never closed, the longest line's bytes with its LF). Blank lines at the very
    end do not count: they number no row. Reads the file in blocks, fast enough (0.1-0.2 s for
    100 MB) to run on every upload."""
    tail = b""
    blank = False
    quotes = 0
    longest = run = 0  # run: the bytes of the line the last block ended in, so far
    with path.open("rb") as handle:
        while block := handle.read(1 << 24):
            data = tail + block
            if not handle.peek(1):  # the last block
                data = data.rstrip(b"\r\n")
            blank = blank or b"\n\n" in data or b"\n\r\n" in data
            quotes += block.count(b'"')
            tail = data[-2:]
            ends = np.flatnonzero(np.frombuffer(block, dtype=np.uint8) == 10)  # (lone CRs: one long line)
            if len(ends) == 0:
                run += len(block)
                continue
            between = int(np.diff(ends).max()) if len(ends) > 1 else 0
            longest = max(longest, run + int(ends[0]) + 1, between)
            run = len(block) - int(ends[-1]) - 1
    return blank, quotes, max(longest, run)


def _unclosed_quote_line(path: Path, delimiter: str) -> int | None:
    """The line where a quoted cell that is never closed opens (counting the header as line 1);
    None when every quoted cell closes."""
    _allow_long_cells()
    with path.open(encoding="utf-8-sig", newline="") as src:
        reader = csv.reader(src, delimiter=delimiter, strict=True)
        start = 1
        try:
            for _ in reader:
                start = reader.line_num + 1
        except csv.Error:
            return start
    return None


def _allow_long_cells() -> None:
    """Python's csv module refuses a cell over 128 KB by default; DuckDB reads any, and so must the
    scans that run before it (the file's size is capped by the import instead)."""
    if csv.field_size_limit() < CSV_CELL_LIMIT:
        csv.field_size_limit(CSV_CELL_LIMIT)


def _keep_blank_rows(path: Path, out: Path, delimiter: str, width: int) -> None:
    """A copy of the CSV in which every blank line is a row of empty cells. DuckDB skips blank
    lines, which would number every later row one too low; a spreadsheet shows them as rows, and
    an empty row is skipped by the import itself while keeping its place. Lines end in CRLF (a
    lone CR, LF or CRLF ends a line of the file read): the writer then quotes a cell holding a
    bare carriage return, which DuckDB would take for a line end (with a plain LF terminator
    Python 3.11 leaves such a cell unquoted). A line the csv module cannot read refuses the file."""
    _allow_long_cells()
    with path.open(encoding="utf-8-sig", newline="") as src, out.open("w", encoding="utf-8", newline="") as dst:
        writer = csv.writer(dst, delimiter=delimiter, lineterminator="\r\n")
        reader = csv.reader(src, delimiter=delimiter)
        start = 1  # the line the record being read starts on
        try:
            for record in reader:
                writer.writerow(record if record else [""] * width)
                start = reader.line_num + 1
        except csv.Error as exc:
            raise _bad_csv_line(start, exc) from exc


def _cell_text(value: Any) -> str | None:
    """A spreadsheet cell as the text a CSV would hold (dates ISO, whole floats without .0, OOXML
    escapes such as _x000D_ undone)."""
    if value is None:
        return None
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat(sep=" ")
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, str) and "_x" in value:
        # OOXML writes a control character as _xHHHH_ (a carriage return as _x000D_) and a text
        # that reads like one with its "_" so written (_x005F_x000D_): openpyxl leaves both as
        # they are in the file
        return str(unescape(value))
    return str(value)


def _merged_ranges(path: Path, sheet_path: str) -> list[tuple[int, int, str]]:
    """(first row, last row, ref) of each merged range of a sheet, read from its XML."""
    ranges = []
    with zipfile.ZipFile(path) as archive, archive.open(sheet_path.lstrip("/")) as xml:
        tail = b""
        for block in iter(lambda: xml.read(1 << 20), b""):
            chunk = tail + block
            for match in _MERGE.finditer(chunk):
                c1, r1, c2, r2 = match.groups()
                ref = f"{c1.decode()}{r1.decode()}:{c2.decode()}{r2.decode()}"
                ranges.append((int(r1), int(r2), ref))
            tail = chunk[-200:]
    return sorted(set(ranges))


def open_xlsx(path: Path, sheet: str | None) -> FrameSource:
    try:
        book = load_workbook(path, read_only=True, data_only=False)
    except (InvalidFileException, zipfile.BadZipFile, KeyError, OSError) as exc:
        raise FileRejected("bad_xlsx", f"not a readable XLSX workbook: {exc}") from exc
    try:
        if sheet is not None and sheet not in book.sheetnames:
            raise FileRejected("no_sheet", f"no sheet named {sheet!r}", sheet=sheet, sheets=", ".join(book.sheetnames))
        worksheet = book[sheet] if sheet is not None else book.worksheets[0]
        sheets = tuple(book.sheetnames)
        # a workbook of several tables is read one sheet at a time: the import names the others
        unread = () if sheet is not None else tuple(w.title for w in book.worksheets[1:] if _holds_something(w))
        rows = [_row_text(row) for row in worksheet.iter_rows()]
        sheet_path = getattr(worksheet, "_worksheet_path", None)
    finally:
        book.close()
    filled = [i for i, row in enumerate(rows) if _cells(row)]
    if not filled:
        raise FileRejected("empty", "the sheet is empty")
    merged = _merged_ranges(path, sheet_path) if sheet_path else []
    header_index = filled[1] if _is_title(rows, filled, merged) else filled[0]
    header_row = header_index + 1
    for first, last, ref in merged:
        if first <= header_row <= last:
            raise FileRejected("merged_header", f"merged cells {ref} in the header row", cells=ref)
    headers = [v or "" for v in rows[header_index]]
    while headers and not headers[-1]:
        headers.pop()
    width = len(headers)
    body = [(row + [None] * width)[:width] for row in rows[header_index + 1 :]]
    for offset, row in enumerate(rows[header_index + 1 :]):
        extra = [v for v in row[width:] if v not in (None, "")]
        if extra:
            line = header_index + 2 + offset
            raise FileRejected("ragged", f"row {line} has more cells than the header", line=line)
    return FrameSource(headers, body, header_index + 2, sheets, unread)


def _is_title(rows: list[list[str | None]], filled: list[int], merged: list[tuple[int, int, str]]) -> bool:
    """The sheet's first filled row is a title above the table ("2024 年会员名单" in one cell):
    the next filled row has several cells, and the title is merged across the table, has a blank
    row under it, or stands right above a row read as a header when it is not one itself (a
    one-column table whose first row has a stray second cell keeps its header)."""
    if len(filled) < 2 or _cells(rows[filled[0]]) != 1 or _cells(rows[filled[1]]) < 2:
        return False
    if filled[1] > filled[0] + 1 or any(first == filled[0] + 1 for first, _, _ in merged):
        return True
    return _names_a_kind(rows[filled[1]]) and not _names_a_kind(rows[filled[0]])


def _names_a_kind(row: list[str | None]) -> bool:
    try:
        spec.detect_kind([v or "" for v in row])
    except FileRejected:
        return False
    return True


def _holds_something(worksheet: Any) -> bool:
    """A cell of the sheet holds a value (read until the first one)."""
    return any(value not in (None, "") for row in worksheet.iter_rows(values_only=True) for value in row)


def _cells(row: list[str | None]) -> int:
    """The row's cells that hold something."""
    return sum(v not in (None, "") for v in row)


def _row_text(cells: tuple[Any, ...]) -> list[str | None]:
    """A worksheet row as text. Text is kept as written, '=x' and '@x' too (names are data); a
    cell that holds a real formula is refused: its value is not in the file to import."""
    for cell in cells:
        if getattr(cell, "data_type", None) == "f":
            ref = f"{cell.column_letter}{cell.row}"
            raise FileRejected("formula_cell", f"cell {ref} holds a formula, not a value", cell=ref)
    return [_cell_text(getattr(cell, "value", None)) for cell in cells]


def frame_of(source: FrameSource, names: list[str]) -> pd.DataFrame:
    """The rows as a text DataFrame with the staged column names (missing ones all NULL)."""
    width = len(source.headers)
    data = {name: [row[i] if i < width else None for row in source.rows] for i, name in enumerate(names)}
    return pd.DataFrame(data, dtype=object)


def load_json(path: Path) -> Any:
    with path.open("rb") as handle:
        raw = handle.read()
    encoding = detect_encoding(raw[:SAMPLE_BYTES])
    try:
        return json.loads(raw.decode(encoding))
    except (UnicodeDecodeError, ValueError) as exc:
        raise FileRejected("bad_json", f"not valid JSON: {exc}", detail=str(exc)[:120]) from exc
