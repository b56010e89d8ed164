"""Imports of files as they come: a GBK file whose Chinese rows come after its first megabyte, a
defendant list read as members, a workbook of several sheets, control characters in a download
(found in the intake review)."""

from __future__ import annotations

import io
from pathlib import Path

import pandas as pd
import pytest
from openpyxl import Workbook

from casewatch.db import Database
from casewatch.ingest import FileRejected, ImportRejected, import_files
from casewatch.ingest.readers import open_csv
from casewatch.xlsx import write_workbook
from tests.support.databases import FIXTURES, empty_database, load_csv_tables

CASES = "court,docket_number,filed_on,ip_type,case_kind\nilnd,1:26-cv-14001,2026-01-05,trademark,schedule_a\n"
LISTING = "case_id,defendant_no,store_name,platform\n"
ASCII_ROWS = 20_000  # each row 60-odd bytes: the first Chinese row is beyond the first megabyte


@pytest.fixture
def empty_db(tmp_path: Path) -> Database:
    return empty_database(tmp_path / "empty.duckdb")


def late_listing(tmp_path: Path, tail: bytes) -> Path:
    """A defendants list of ASCII rows 1..ASCII_ROWS, then row ASCII_ROWS+1 with ``tail`` as its
    store name; lines end in CRLF."""
    body = "".join(f"ilnd:1:26-cv-14001,{i},Shenzhen Store Number {i:06d},amazon\r\n" for i in range(1, ASCII_ROWS + 1))
    data = (LISTING.replace("\n", "\r\n") + body).encode("ascii")
    assert len(data) > 1 << 20
    path = tmp_path / "listing.csv"
    path.write_bytes(data + f"ilnd:1:26-cv-14001,{ASCII_ROWS + 1},".encode() + tail + b",amazon\r\n")
    return path


def test_a_gbk_file_whose_first_megabyte_is_ascii_is_read_as_gbk(empty_db: Database, tmp_path: Path) -> None:
    """It was refused as "not valid UTF-8" at byte "?"."""
    cases = tmp_path / "cases.csv"
    cases.write_text(CASES, encoding="ascii")
    listing = late_listing(tmp_path, "深圳市甲乙电子商务店".encode("gbk"))
    report = import_files(empty_db, [cases, listing])
    assert [f.encoding for f in report.files] == ["utf-8", "gb18030"]
    cursor = empty_db.cursor()
    try:
        got = cursor.execute(
            "SELECT count(*), max(store_name) FILTER (WHERE defendant_no = $n) FROM defendants", {"n": ASCII_ROWS + 1}
        ).fetchone()
    finally:
        cursor.close()
    assert got == (ASCII_ROWS + 1, "深圳市甲乙电子商务店")


@pytest.mark.parametrize(
    "tail",
    [
        b"Daffy\x92s Outlet",  # windows-1252: decodes as GB18030 too, into no Chinese text
        b"Shop \xff\xfe",  # neither UTF-8 nor GB18030
    ],
)
def test_a_late_byte_that_is_neither_utf8_nor_gbk_names_its_line_and_offset(
    empty_db: Database, tmp_path: Path, tail: bytes
) -> None:
    cases = tmp_path / "cases.csv"
    cases.write_text(CASES, encoding="ascii")
    listing = late_listing(tmp_path, tail)
    data = listing.read_bytes()
    offset = data.index(tail) + 5  # the first byte beyond ASCII: 5 into either tail
    line = ASCII_ROWS + 2  # the header is line 1
    with pytest.raises(ImportRejected) as raised:
        import_files(empty_db, [cases, listing])
    refusal = raised.value.report.files[1].refused
    assert isinstance(refusal, FileRejected)
    assert (refusal.code, refusal.fmt) == ("encoding_line", {"line": line, "offset": offset})
    assert f"line {line}, byte {offset}" in refusal.describe("en")
    assert f"第 {line} 行（第 {offset} 字节）" in refusal.describe("zh")


MIXED_HEADER = b"case_id,case_name,filed_on,brand\n"


def _case_line(number: int, name: str) -> str:
    return f"ilnd:1:22-cv-{number:05d},{name} v. A,2024-01-01,品牌\n"


@pytest.mark.parametrize(
    ("body", "line"),
    [
        # the reproduction: a UTF-8 row, then a GBK one (refused as "ptcp154", naming no line)
        (_case_line(11, "深圳").encode() + _case_line(12, "广州").encode("gbk"), 3),
        # a UTF-8 row, then many GBK rows: was read as GB18030, the UTF-8 row garbled
        (
            _case_line(11, "深圳").encode()
            + b"".join(_case_line(20 + i, "广州市甲乙电子商务有限公司").encode("gbk") for i in range(30)),
            3,
        ),
        # UTF-8 and GBK cells on one line (refused as "cp949")
        ("ilnd:1:22-cv-00011,深圳 v. A,2024-01-01,".encode() + "品牌\n".encode("gbk"), 2),
    ],
    ids=["utf8 row then gbk row", "utf8 row then many gbk rows", "utf8 and gbk on one line"],
)
def test_a_small_file_mixing_utf8_and_gbk_names_its_first_bad_line(
    empty_db: Database, tmp_path: Path, body: bytes, line: int
) -> None:
    source = tmp_path / "mixed.csv"
    data = MIXED_HEADER + body
    source.write_bytes(data)
    with pytest.raises(ImportRejected) as raised:
        import_files(empty_db, [source])
    refusal = raised.value.report.files[0].refused
    assert isinstance(refusal, FileRejected)
    with pytest.raises(UnicodeDecodeError) as not_utf8:
        data.decode("utf-8")
    offset = not_utf8.value.start
    assert (refusal.code, refusal.fmt) == ("encoding_line", {"line": line, "offset": offset})
    assert f"line {line}, byte {offset}" in refusal.describe("en")


def test_a_large_file_with_utf8_chinese_before_a_late_gbk_row_is_refused(empty_db: Database, tmp_path: Path) -> None:
    """It was read as GB18030 (the late row reads so), its UTF-8 rows garbled ("深圳" stored as
    "娣卞湷")."""
    cases = tmp_path / "cases.csv"
    cases.write_text(CASES, encoding="ascii")
    listing = late_listing(tmp_path, "广州市甲乙电子商务店".encode("gbk"))
    data = listing.read_bytes()
    first = data.index(b"\r\n") + 2
    listing.write_bytes(data[:first] + data[first:].replace(b"Shenzhen", "深圳".encode(), 1))
    with pytest.raises(ImportRejected) as raised:
        import_files(empty_db, [cases, listing])
    refusal = raised.value.report.files[1].refused
    assert isinstance(refusal, FileRejected)
    assert (refusal.code, refusal.fmt["line"]) == ("encoding_line", ASCII_ROWS + 2)


def test_a_small_gbk_file_whose_first_chinese_reads_as_utf8_too(tmp_path: Path) -> None:
    # GBK's "小" (D0 A1) is also a valid UTF-8 character: a GBK file starting with it is still GBK
    source = tmp_path / "cases.csv"
    source.write_bytes(MIXED_HEADER + (_case_line(11, "小米") + _case_line(12, "深圳")).encode("gbk"))
    assert open_csv(source, tmp_path).encoding == "gb18030"


@pytest.mark.parametrize("names", [("聯想電子", "陳大文"), ("購物中心", "車行"), ("聯想電子有限公司", "陳大文貿易行")])
def test_a_gbk_file_of_traditional_characters_is_read_as_gbk(
    empty_db: Database, tmp_path: Path, names: tuple[str, str]
) -> None:
    """Hong Kong names in GBK: their first character is also valid UTF-8 of two bytes ("聯" C2 93
    is U+0093), and the mixed-encoding check took the file for UTF-8 text with a GBK row after it
    (found in review)."""
    source = tmp_path / "cases.csv"
    rows = "".join(
        f"ilnd:1:22-cv-{number:05d},{name},2024-01-01,trademark,schedule_a\n" for number, name in enumerate(names, 11)
    )
    source.write_bytes(("case_id,case_name,filed_on,ip_type,case_kind\n" + rows).encode("gbk"))
    assert open_csv(source, tmp_path).encoding == "gb18030"
    import_files(empty_db, [source])
    assert empty_db.sql("SELECT case_name FROM cases ORDER BY case_id")["case_name"].tolist() == list(names)


def test_a_defendant_list_read_as_members_is_refused(tmp_path: Path) -> None:
    """--kind members on a defendant list took its stores for the member's own (review p07):
    refused, naming the columns and the kind the header is of; nothing written."""
    db = Database(str(tmp_path / "tiny.duckdb"))
    load_csv_tables(db, FIXTURES / "tiny")
    cursor = db.cursor()
    try:
        before = cursor.execute("SELECT * FROM member_stores ORDER BY ALL").fetchall()
    finally:
        cursor.close()
    listing = tmp_path / "listing.csv"
    listing.write_text(
        "case_id,defendant_no,store_name,platform,seller_id,member_id,frozen_usd\n"
        "ilnd:1:24-cv-00001,999,Foreign Shop,amazon,ZZZ999,M1,100\n",
        encoding="utf-8",
    )
    with pytest.raises(ImportRejected) as raised:
        import_files(db, [listing], kind="members")
    refusal = raised.value.report.files[0].refused
    assert isinstance(refusal, FileRejected)
    assert (refusal.code, refusal.fmt) == ("wrong_kind", {"columns": "case_id, defendant_no", "kind": "defendants"})
    assert "case_id, defendant_no" in refusal.describe("zh") and "defendants" in refusal.describe("en")
    cursor = db.cursor()
    try:
        assert cursor.execute("SELECT * FROM member_stores ORDER BY ALL").fetchall() == before
        assert cursor.execute("SELECT count(*) FROM imports").fetchone() == (0,)
    finally:
        cursor.close()
    # a register as members, and the list as defendants, import as before
    register = tmp_path / "register.csv"
    register.write_text("member_id,name_en,store_name,platform\nM9,Nine Co,Nine Shop,amazon\n", encoding="utf-8")
    import_files(db, [register], kind="members")
    import_files(db, [listing], kind="defendants")


def test_a_workbook_names_its_other_sheets_that_were_not_read(empty_db: Database, tmp_path: Path) -> None:
    """Only the first sheet is read; the others holding something were ignored without a word
    (review p25): the report names them, in zh and en. An empty sheet is not named, nor any when
    a sheet is chosen."""
    book = Workbook()
    first = book.active
    assert first is not None
    first.title = "cases"
    first.append(["court", "docket_number", "filed_on", "ip_type", "case_kind"])
    first.append(["ilnd", "1:26-cv-25001", "2026-01-05", "trademark", "schedule_a"])
    listing = book.create_sheet("defendants")
    listing.append(["case_id", "defendant_no", "store_name", "platform"])
    listing.append(["ilnd:1:26-cv-25001", "1", "Shop", "amazon"])
    book.create_sheet("empty")
    book.create_sheet("notes")["C7"] = "checked by Li"
    path = tmp_path / "book.xlsx"
    book.save(path)
    report = import_files(empty_db, [path])
    assert report.files[0].unread_sheets == ["defendants", "notes"]
    assert "  only the first sheet was read; these sheets were not: defendants, notes" in report.lines("en")[1]
    assert report.lines("zh")[1].startswith("  只读取了第一个工作表，未读取：defendants, notes（")
    chosen = import_files(empty_db, [path], sheet="defendants")
    assert chosen.files[0].unread_sheets == []
    assert chosen.files[0].written == {"defendants": 1}


def test_a_download_with_control_characters_imports_back_as_it_was(empty_db: Database, tmp_path: Path) -> None:
    """CaseWatch's XLSX writes a carriage return as _x000D_ (OOXML's escape) and a text that reads
    like an escape with its "_" escaped: the reader undoes both, so a name with a carriage return
    survives download -> import (it came back as "x_x000D_=cmd"; review p10/p11)."""
    names = ["x\r=cmd", "bell\x07shop", "literal _x000D_ text", "tab\tand\nline"]
    frame = pd.DataFrame(
        {"case_id": ["ilnd:1:26-cv-90001"] * 4, "defendant_no": [1, 2, 3, 4], "store_name": names},
    )
    buffer = io.BytesIO()
    write_workbook([frame], buffer, lambda rows: [("rows", str(rows))], sheet="Defendants", about_sheet="About")
    path = tmp_path / "download.xlsx"
    path.write_bytes(buffer.getvalue())
    cases = tmp_path / "cases.csv"
    cases.write_text(CASES.replace("14001", "90001"), encoding="ascii")
    import_files(empty_db, [cases, path])
    cursor = empty_db.cursor()
    try:
        got = cursor.execute("SELECT store_name FROM defendants ORDER BY defendant_no").fetchall()
    finally:
        cursor.close()
    assert got == [(n,) for n in names]


def test_a_mixed_file_with_cr_line_ends_names_the_line(empty_db: Database, tmp_path: Path) -> None:
    # UTF-8 rows, then a GBK one on line 4, every line ended by CR alone (Excel for Mac 2011): the
    # refusal counted LF only and said line 1 (found in review)
    source = tmp_path / "members.csv"
    rows = ["member_id,name_zh,store_name,city_code", "M1,深圳甲公司,Shop A,440300", "M2,广州乙公司,Shop B,440100"]
    head = "\r".join([*rows, ""]).encode()
    source.write_bytes(head + "M3,东莞丙公司,Shop C,441900\r".encode("gbk"))
    with pytest.raises(ImportRejected) as raised:
        import_files(empty_db, [source])
    refusal = raised.value.report.files[0].refused
    assert isinstance(refusal, FileRejected)
    assert (refusal.code, refusal.fmt) == ("encoding_line", {"line": 4, "offset": len(head) + 3})


def test_a_row_longer_than_two_megabytes_is_read(empty_db: Database, tmp_path: Path) -> None:
    """DuckDB reads a row of at most 2 MB by default: a well-formed file with a 3 MB store name was
    refused as "line 3 has more fields than the header or an unclosed quote"."""
    cases = tmp_path / "cases.csv"
    cases.write_text(CASES, encoding="ascii")
    listing = tmp_path / "listing.csv"
    long_name = "A" * 3_000_000
    listing.write_text(
        LISTING + "ilnd:1:26-cv-14001,1,Short Shop,amazon\n" + f"ilnd:1:26-cv-14001,2,{long_name},amazon\n",
        encoding="ascii",
    )
    report = import_files(empty_db, [cases, listing])
    assert report.ok
    got = empty_db.sql("SELECT defendant_no, length(store_name) AS n FROM defendants ORDER BY defendant_no")
    assert got.values.tolist() == [[1, 10], [2, 3_000_000]]


def test_a_quoted_cell_of_many_lines_longer_than_two_megabytes_is_read(empty_db: Database, tmp_path: Path) -> None:
    """A quoted cell may hold line breaks: its row is longer than any of its lines (3,000 lines
    of 1,000 letters, each under DuckDB's 2 MB default, 3,002,999 bytes in all)."""
    cases = tmp_path / "cases.csv"
    cases.write_text(CASES, encoding="ascii")
    listing = tmp_path / "listing.csv"
    long_name = "\n".join(["B" * 1000] * 3000)
    listing.write_text(LISTING + f'ilnd:1:26-cv-14001,1,"{long_name}",amazon\n', encoding="ascii")
    report = import_files(empty_db, [cases, listing])
    assert report.ok
    got = empty_db.sql("SELECT defendant_no, length(store_name) AS n FROM defendants ORDER BY defendant_no")
    assert got.values.tolist() == [[1, 3000 * 1000 + 2999]]
