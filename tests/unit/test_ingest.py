"""Imports: what the tiny fixture's own files give, re-import as a no-op, real-world encodings,
date and amount spellings, XLSX, numbering and aggregates, one transaction, the CLI."""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys
from pathlib import Path

import pytest

from casewatch.__main__ import main
from casewatch.db import Database
from casewatch.ingest import ImportInterrupted, ImportRejected, import_files, pipeline
from casewatch.ingest.errors import RowError
from casewatch.sql import ROOT
from tests.support.databases import FIXTURES, empty_database

TINY = FIXTURES / "tiny"
CONTRACT = ("cases", "defendants", "members", "member_stores", "events")


def rows(db: Database, table: str, columns: str = "*") -> list[tuple[object, ...]]:
    cursor = db.cursor()
    try:
        return cursor.execute(f"SELECT {columns} FROM {table} ORDER BY ALL").fetchall()
    finally:
        cursor.close()


@pytest.fixture
def empty_db(tmp_path: Path) -> Database:
    return empty_database(tmp_path / "empty.duckdb")


def import_tiny(db: Database) -> None:
    import_files(db, [TINY / f"{t}.csv" for t in ("members", "member_stores", "cases", "defendants", "events")])


def test_tiny_fixture_files_import_to_the_same_tables(empty_db: Database, tiny_db: Database) -> None:
    import_tiny(empty_db)
    for table in ("cases", "members", "member_stores", "events"):
        columns = "* EXCLUDE (record_key)" if table == "members" else "*"  # keys: random, fixed by the fixture
        assert rows(empty_db, table, columns) == rows(tiny_db, table, columns), table
    columns = "case_id, defendant_no, store_name, platform, seller_id, member_id, city_code, outcome, frozen_usd"
    assert rows(empty_db, "defendants", columns) == rows(tiny_db, "defendants", columns)
    # members given in the file are kept and logged as 'given' links
    assert empty_db.sql("SELECT DISTINCT method, status FROM member_links").values.tolist() == [["given", "given"]]
    log = empty_db.sql("SELECT import_id, kind, rows_in, status FROM imports ORDER BY import_id").values.tolist()
    assert log == [[1, "members", 4, "ok"], [2, "members", 5, "ok"], [3, "cases", 5, "ok"],
                   [4, "defendants", 8, "ok"], [5, "events", 13, "ok"]]  # fmt: skip


def test_reimport_is_a_no_op(empty_db: Database) -> None:
    import_tiny(empty_db)
    before = {t: rows(empty_db, t) for t in CONTRACT}
    links = rows(empty_db, "member_links", "case_id, defendant_no, member_id, method, score, status")
    version = empty_db.data_version()
    import_tiny(empty_db)
    assert {t: rows(empty_db, t) for t in CONTRACT} == before
    assert rows(empty_db, "member_links", "case_id, defendant_no, member_id, method, score, status") == links
    assert empty_db.data_version() == version, "a no-op import must not bump the data version"
    statuses = empty_db.sql("SELECT status FROM imports WHERE import_id > 5").iloc[:, 0].tolist()
    assert statuses == ["unchanged"] * 5


CASES_ZH = (
    "案件编号,立案日期,结案日期,原告,权利类型,案件类型,行业\n"
    "ilnd:1:24-cv-07001,2024/3/5,,甲公司,商标,Schedule A 批量诉讼,玩具游戏\n"
    "ilnd:1:24-cv-07002,2024年3月5日,45400,乙公司,版权,individual,S0101\n"
    "ilnd:1:24-cv-07003,45356,,丙公司,Design patent,其他,\n"
)


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "gb18030", "gbk", "utf-16"])
def test_encodings_and_chinese_headers(empty_db: Database, tmp_path: Path, encoding: str) -> None:
    source = tmp_path / "cases.csv"
    source.write_bytes(CASES_ZH.encode(encoding))
    report = import_files(empty_db, [source])
    assert report.files[0].kind == "cases"
    got = rows(empty_db, "cases", "case_id, filed_on, closed_on, plaintiff, ip_type, case_kind, sector_code")
    assert got == [
        ("ilnd:1:24-cv-07001", dt.date(2024, 3, 5), None, "甲公司", "trademark", "schedule_a", "S02"),
        ("ilnd:1:24-cv-07002", dt.date(2024, 3, 5), dt.date(2024, 4, 18), "乙公司", "copyright", "individual", "S0101"),
        ("ilnd:1:24-cv-07003", dt.date(2024, 3, 5), None, "丙公司", "design_patent", "other", None),
    ]


def test_a_gbk_register_beside_windows_1252_and_big5(empty_db: Database, tmp_path: Path) -> None:
    # the check a windows-1252 or Big5 file is refused by (tests/support/make_bad_files.py) lets an
    # association's GBK file through, ASCII rows and all
    source = tmp_path / "members.csv"
    lines = "".join(f"M{i},Company {i},Shop {i},440300\n" for i in range(1, 200))
    header = "member_id,name_en,store_name,city_code\n"
    # "·" and "—" as Chinese input methods type them (GBK A1A4 and A1AA, which Python's gb2312
    # codec reads otherwise; found in review)
    name = "深圳市约翰·史密斯电子商务—有限公司"
    source.write_bytes(f"{header}{lines}M999,{name},甲乙,440300\n".encode("gbk"))
    import_files(empty_db, [source])
    assert rows(empty_db, "members WHERE member_id = 'M999'", "name_en") == [(name,)]
    # traditional characters (GBK, not GB2312) in a file that is ASCII but for them read as well in
    # windows-1252: refused, naming UTF-8 as the way out, rather than imported garbled
    source.write_bytes(f"{header}{lines}M999,深圳市甲乙電子商務有限公司,甲乙,440300\n".encode("gbk"))
    with pytest.raises(ImportRejected) as raised:
        import_files(empty_db, [source])
    assert raised.value.report.files[0].refused is not None
    assert raised.value.report.files[0].refused.code == "encoding"


@pytest.mark.parametrize(
    ("codec", "name", "reads_as", "end"),
    [
        ("cp1252", "Daffy’s Crème Shop", "cp1252", "\n"),
        ("big5", "甲乙電子商務", "big5", "\n"),
        # Excel for Mac 2011: Mac Roman, lines ended by CR alone (the review found "line 1")
        ("mac_roman", "Daffy’s Crème Shop", "", "\r"),
        ("cp1252", "Daffy’s Crème Shop", "", "\r\n"),
    ],
)
def test_a_file_in_another_encoding_is_refused_naming_its_first_such_line(
    empty_db: Database, tmp_path: Path, codec: str, name: str, reads_as: str, end: str
) -> None:
    # a whole file in windows-1252 (US Excel) or Big5 (Hong Kong, Taiwan): the refusal names the
    # line and byte where it first parts from UTF-8, so the user can see what the file holds there
    source = tmp_path / "members.csv"
    head = end.join(["member_id,name_en,store_name,city_code", "M1,Alpha,Shop A,440300", "M2,Beta,Shop B,440300", ""])
    source.write_bytes(head.encode() + f"M3,{name},Shop C,440300{end}".encode(codec))
    with pytest.raises(ImportRejected) as raised:
        import_files(empty_db, [source])
    refused = raised.value.report.files[0].refused
    assert refused is not None and refused.code == "encoding"
    # line 4 (the header is line 1); the byte: the header's, two rows', "M3," and the name's ASCII
    # before its first other character
    offset = len(head) + 3 + next(i for i, ch in enumerate(name) if ord(ch) > 127)
    assert refused.fmt["line"] == 4 and refused.fmt["offset"] == offset
    # charset_normalizer's guess of what it is (windows-1252 may read as its neighbour cp1250)
    assert reads_as[:4] in str(refused.fmt["encoding"])
    assert "line 4" in refused.describe("en") and "第 4 行" in refused.describe("zh")
    assert rows(empty_db, "members") == []


def test_amount_spellings_and_numbering(tiny_db: Database, tmp_path: Path) -> None:
    source = tmp_path / "list.csv"
    source.write_text(
        "court,docket_number,店铺名称,平台,卖家ID,冻结金额(美元),和解金额,是否应诉,城市,区县\n"
        'ilnd,1:24-cv-00005,Shop A,亚马逊,SA1,"1,234.50",US$ 2000,是,深圳,南山区\n'
        "ilnd,1:24-cv-00005,Shop B,Temu,,1.5万,,否,,番禺\n"
        "ilnd,1:24-cv-00005,Shop C,walmart,,＄３００,,0,广州,\n",
        encoding="utf-8",
    )
    import_files(tiny_db, [source])
    got = rows(
        tiny_db,
        "defendants WHERE case_id = 'ilnd:1:24-cv-00005'",
        "defendant_no, store_name, platform, frozen_usd, settlement_usd, appeared, city_code, district, outcome",
    )
    assert got == [
        (1, "Shop A", "amazon", 1234.5, 2000.0, True, "440300", "440305", "pending"),
        (2, "Shop B", "temu", 15000.0, None, False, "440100", "440113", "pending"),
        (3, "Shop C", "walmart", 300.0, None, False, "440100", None, "pending"),
    ]
    # the same list again, reordered and with an outcome: rows are found by seller id / store name
    source.write_text(
        "court,docket_number,店铺名称,平台,卖家ID,结果\n"
        "ilnd,1:24-cv-00005,Shop C,walmart,,tro\n"
        "ilnd,1:24-cv-00005,Shop A renamed,amazon,SA1,tro\n",
        encoding="utf-8",
    )
    import_files(tiny_db, [source])
    got = rows(
        tiny_db,
        "defendants WHERE case_id = 'ilnd:1:24-cv-00005'",
        "defendant_no, store_name, outcome, frozen_usd",
    )
    assert got == [(1, "Shop A renamed", "tro", 1234.5), (2, "Shop B", "pending", 15000.0), (3, "Shop C", "tro", 300.0)]


def test_xlsx_with_chinese_headers_dates_and_named_sheet(empty_db: Database, tmp_path: Path) -> None:
    from openpyxl import Workbook

    book = Workbook()
    first = book.active
    assert first is not None
    first.title = "说明"
    first.append(["这张表不是数据"])
    sheet = book.create_sheet("案件")
    sheet.append(["法院", "案号", "立案日期", "权利类型", "案件类型", "原告"])
    sheet.append(["ilnd", "1:24-cv-07100", dt.datetime(2024, 3, 5), "trademark", "schedule_a", "Alpha"])
    sheet.append(["N.D. Illinois", "1:24-cv-07101", 45356, "商标", "individual", "Beta"])
    path = tmp_path / "cases.xlsx"
    book.save(path)
    with pytest.raises(ImportRejected) as raised:
        import_files(empty_db, [path])  # the first sheet holds no case columns
    # the message names the sheets to choose from (it only said "choose its kind"; found in review)
    assert raised.value.report.lines("en") == [
        "cases.xlsx: cannot tell what its first sheet holds. Choose the sheet with the data "
        "(sheets: 说明, 案件; --sheet on the command line) or the kind."
    ]
    import_files(empty_db, [path], sheet="案件")
    assert rows(empty_db, "cases", "case_id, filed_on, plaintiff") == [
        ("ilnd:1:24-cv-07100", dt.date(2024, 3, 5), "Alpha"),
        ("ilnd:1:24-cv-07101", dt.date(2024, 3, 5), "Beta"),
    ]


def test_xlsx_with_a_title_above_the_table(empty_db: Database, tmp_path: Path) -> None:
    # a title in one (merged) cell and a blank row above the header, as association lists often
    # have: the header is the row after the title, and rows keep their sheet numbers
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["2024 年案件清单"])
    sheet.merge_cells("A1:F1")
    sheet.append([])
    sheet.append(["法院", "案号", "立案日期", "权利类型", "案件类型", "原告"])
    sheet.append(["ilnd", "1:24-cv-07100", dt.datetime(2024, 3, 5), "trademark", "schedule_a", "Alpha"])
    sheet.append(["ilnd", "1:24-cv-07101", "2024-13-01", "trademark", "schedule_a", "Beta"])
    path = tmp_path / "cases.xlsx"
    book.save(path)
    with pytest.raises(ImportRejected) as raised:
        import_files(empty_db, [path])
    assert any("row 5" in line and "filed_on" in line for line in raised.value.report.lines("en"))
    sheet.delete_rows(5)
    book.save(path)
    import_files(empty_db, [path])
    got = rows(empty_db, "cases", "case_id, filed_on, plaintiff")
    assert got == [("ilnd:1:24-cv-07100", dt.date(2024, 3, 5), "Alpha")]


def test_a_one_column_sheet_keeps_its_header(tmp_path: Path) -> None:
    # a first row of one cell is a title only when merged or followed by a blank row: a one-column
    # table whose first data row has a stray second cell is reported as such (found in review)
    from openpyxl import Workbook

    from casewatch.ingest.errors import FileRejected
    from casewatch.ingest.readers import open_xlsx

    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["store_name"])
    sheet.append(["Shop A", "stray"])
    path = tmp_path / "stores.xlsx"
    book.save(path)
    with pytest.raises(FileRejected) as raised:
        open_xlsx(path, None)
    assert (raised.value.code, raised.value.fmt) == ("ragged", {"line": 2})


def test_xlsx_with_a_plain_title_cell_right_above_the_header(empty_db: Database, tmp_path: Path) -> None:
    # a title in one cell, neither merged nor followed by a blank row, was read as the header:
    # "row 2 has more cells than the header"; rows keep their sheet numbers in errors
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["2024 年案件清单"])
    sheet.append(["法院", "案号", "立案日期", "权利类型", "案件类型", "原告"])
    sheet.append(["ilnd", "1:24-cv-07100", dt.datetime(2024, 3, 5), "trademark", "schedule_a", "Alpha"])
    sheet.append(["ilnd", "1:24-cv-07101", "2024-13-01", "trademark", "schedule_a", "Beta"])
    path = tmp_path / "cases.xlsx"
    book.save(path)
    with pytest.raises(ImportRejected) as raised:
        import_files(empty_db, [path])
    assert [(e.row, e.column) for e in raised.value.report.errors] == [(4, "filed_on")]
    sheet.delete_rows(4)
    book.save(path)
    import_files(empty_db, [path])
    assert rows(empty_db, "cases", "case_id, plaintiff") == [("ilnd:1:24-cv-07100", "Alpha")]


def test_a_cases_file_without_its_filing_date_names_that_column(empty_db: Database, tmp_path: Path) -> None:
    source = tmp_path / "cases.csv"
    source.write_text("法院,案号,原告,权利类型\nilnd,1:24-cv-07100,Alpha,商标\n", encoding="utf-8")
    with pytest.raises(ImportRejected) as raised:
        import_files(empty_db, [source])
    assert raised.value.report.lines("en") == ["cases.csv: required column missing: filed_on"]


def test_one_transaction_across_files(empty_db: Database, tmp_path: Path) -> None:
    cases = tmp_path / "cases.csv"
    cases.write_text("case_id,filed_on,ip_type,case_kind\nilnd:1:24-cv-07200,2024-01-02,trademark,schedule_a\n")
    defendants = tmp_path / "defendants.csv"
    defendants.write_text("case_id,store_name,frozen_usd\nilnd:1:24-cv-07200,Shop,-1\n")
    with pytest.raises(ImportRejected) as caught:
        import_files(empty_db, [cases, defendants])
    assert rows(empty_db, "cases") == []
    # the valid file's line says it was not written, in both languages
    assert caught.value.report.lines("en")[0] == (
        "cases.csv (cases): 1 rows, 1 valid, 0 invalid; would write cases 1; valid, but not written: "
        "the whole import was rolled back because another file was rejected"
    )
    assert caught.value.report.lines("zh")[0].endswith(
        "待写入 cases 1；有效，但未写入：同批另有文件被拒绝，本次导入已整体撤销"
    )
    defendants.write_text("case_id,store_name,frozen_usd\nilnd:1:24-cv-07200,Shop,1\n")
    report = import_files(empty_db, [cases, defendants])
    assert report.committed and [f.written for f in report.files] == [{"cases": 1}, {"defendants": 1}]


def test_docket_numbers_stored_otherwise_are_found(empty_db: Database, tmp_path: Path) -> None:
    """A case stored before numbers were normalised ("1:24-CV-5555") is found by the file that names
    it so, and a case stored without its office by a file that gives the office (each became a
    second case; found in a second review)."""
    with empty_db.write() as con:
        con.execute(
            "INSERT INTO cases (case_id, court, country, docket_number, filed_on, ip_type, case_kind) VALUES "
            "('ilnd:1:24-CV-5555', 'ilnd', 'US', '1:24-CV-5555', DATE '2024-06-03', 'trademark', 'other'), "
            "('ilnd:24-cv-08888', 'ilnd', 'US', '24-cv-08888', DATE '2024-06-03', 'trademark', 'other')"
        )
    source = tmp_path / "cases.csv"
    source.write_text(
        "case_id,filed_on,ip_type,case_kind,plaintiff\n"
        "ilnd:1:24-CV-5555,2024-06-03,trademark,other,Acme\n"
        "ilnd:1:24-cv-8888,2024-06-03,trademark,other,Bolt\n"
    )
    import_files(empty_db, [source])
    assert rows(empty_db, "cases", "case_id, plaintiff") == [
        ("ilnd:1:24-CV-5555", "Acme"),
        ("ilnd:24-cv-08888", "Bolt"),
    ]
    listing = tmp_path / "list.csv"
    listing.write_text("case_id,store_name\nilnd:1:24-cv-05555,Shop\nilnd:1:24-cv-08888,Shop B\n")
    import_files(empty_db, [listing])
    assert rows(empty_db, "defendants", "case_id, store_name") == [
        ("ilnd:1:24-CV-5555", "Shop"),
        ("ilnd:24-cv-08888", "Shop B"),
    ]


def test_excel_date_times_and_thousands_groups(tiny_db: Database, tmp_path: Path) -> None:
    """Excel writes a date cell with a time as "2024/3/5 9:30" and may leave a serial with a
    fraction (45356.5 = 2024-03-05 noon): the day counts. A comma must group thousands: "12,34"
    is not 1234."""
    cases = tmp_path / "cases.csv"
    cases.write_text(
        "case_id,filed_on,ip_type,case_kind\n"
        "ilnd:1:24-cv-07301,2024/3/5 9:30,trademark,other\n"
        "ilnd:1:24-cv-07302,2024/3/5 0:00,trademark,other\n"
        "ilnd:1:24-cv-07303,45356.5,trademark,other\n"
        "ilnd:1:24-cv-07304,2024-03-05T23:59:59,trademark,other\n"
        "ilnd:1:24-cv-07305,2024年3月5日 8:05:00,trademark,other\n",
        encoding="utf-8",
    )
    import_files(tiny_db, [cases])
    filed = rows(tiny_db, "cases WHERE case_id LIKE 'ilnd:1:24-cv-073%'", "DISTINCT filed_on")
    assert filed == [(dt.date(2024, 3, 5),)]
    assert len(rows(tiny_db, "cases WHERE case_id LIKE 'ilnd:1:24-cv-073%'")) == 5
    cases.write_text("case_id,filed_on,ip_type,case_kind\nilnd:1:24-cv-07306,2024-03-05 99:99,trademark,other\n")
    with pytest.raises(ImportRejected) as bad_time:
        import_files(tiny_db, [cases])  # a time of day that is none is not dropped (found in review)
    assert [(e.value, e.reason) for e in bad_time.value.report.errors] == [("2024-03-05 99:99", "bad_date")]
    listing = tmp_path / "list.csv"
    listing.write_text(
        "case_id,store_name,frozen_usd,settlement_usd\n"
        'ilnd:1:24-cv-07301,Shop A,"1,234,567.5","12,34"\n'
        'ilnd:1:24-cv-07301,Shop B,"1,2345",$5\n',
        encoding="utf-8",
    )
    with pytest.raises(ImportRejected) as raised:
        import_files(tiny_db, [listing])
    found = [(e.row, e.column, e.value, e.reason) for e in raised.value.report.errors]
    assert found == [(2, "settlement_usd", "12,34", "bad_amount"), (3, "frozen_usd", "1,2345", "bad_amount")]
    listing.write_text('case_id,store_name,frozen_usd\nilnd:1:24-cv-07301,Shop A,"1,234,567.5"\n', encoding="utf-8")
    import_files(tiny_db, [listing])
    assert rows(tiny_db, "defendants WHERE case_id = 'ilnd:1:24-cv-07301'", "frozen_usd") == [(1234567.5,)]


def test_one_docket_written_several_ways_is_one_case(empty_db: Database, tmp_path: Path) -> None:
    """Spreadsheets write PACER's 1:24-cv-05555 as 1:24-CV-5555, with the judge's initials, or
    without the office: all name the one case (each once was a case of its own; found in review)."""
    source = tmp_path / "cases.csv"
    header = "court,docket_number,case_id,filed_on,ip_type,case_kind,plaintiff\n"
    for docket, case_id, plaintiff in (
        ("1:24-cv-05555", "", "Alpha"),
        ("1:24-CV-5555", "", "Alpha 2"),
        ("1:24-cv-05555-JRB", "ilnd:1:24-cv-5555", "Alpha 3"),  # both given: they agree once written alike
        ("24-cv-05555", "", "Alpha 4"),  # no office: the one stored case with that number
        ("１:２４-ｃｖ-０５５５５", "", "Alpha 5"),
    ):
        source.write_text(header + f"ilnd,{docket},{case_id},2024-06-03,trademark,schedule_a,{plaintiff}\n")
        import_files(empty_db, [source])
    assert rows(empty_db, "cases", "case_id, docket_number, plaintiff") == [
        ("ilnd:1:24-cv-05555", "1:24-cv-05555", "Alpha 5")
    ]
    listing = tmp_path / "list.csv"
    listing.write_text("court,docket_number,store_name\nilnd,24-CV-5555,Shop\n")
    import_files(empty_db, [listing])
    assert rows(empty_db, "defendants", "case_id, store_name") == [("ilnd:1:24-cv-05555", "Shop")]
    # other numbering schemes stay as written; an office-less number of no stored case stays so too
    source.write_text(
        header + "cbp,2025-4601-000016,,2025-01-02,trademark,other,C\nilnd,24-cv-07777,,2024-06-03,trademark,other,D\n"
    )
    import_files(empty_db, [source])
    assert rows(empty_db, "cases WHERE plaintiff IN ('C', 'D')", "case_id") == [
        ("cbp:2025-4601-000016",),
        ("ilnd:24-cv-07777",),
    ]
    source.write_text(header + "ilnd,1:24-cv-05556,ilnd:1:24-cv-05555,2024-06-03,trademark,other,E\n")
    with pytest.raises(ImportRejected) as raised:
        import_files(empty_db, [source])
    assert [(e.column, e.reason) for e in raised.value.report.errors] == [("case_id", "case_id_mismatch")]


def test_short_chinese_labels_of_coded_values(tiny_db: Database, tmp_path: Path) -> None:
    """The app's own labels without their bracketed notes or slash parts are accepted: 临时禁令 for
    临时禁令(TRO), 驳回 for 撤诉/驳回, 小型 for 小型(10-49人) (each was refused; found in review)."""
    listing = tmp_path / "list.csv"
    listing.write_text(
        "case_id,store_name,outcome\n"
        "ilnd:1:24-cv-00005,Shop A,临时禁令\n"
        "ilnd:1:24-cv-00005,Shop B,初步禁令（PI）\n"
        "ilnd:1:24-cv-00005,Shop C,撤诉\n"
        "ilnd:1:24-cv-00005,Shop D,驳回\n",
        encoding="utf-8",
    )
    import_files(tiny_db, [listing])
    got = rows(tiny_db, "defendants WHERE case_id = 'ilnd:1:24-cv-00005'", "store_name, outcome")
    assert got == [("Shop A", "tro"), ("Shop B", "pi"), ("Shop C", "dismissed"), ("Shop D", "dismissed")]
    register = tmp_path / "members.csv"
    register.write_text(
        "会员编号,中文名称,城市,规模\nM9,测试公司,深圳,小型\nM10,测试二公司,深圳,Medium\n", encoding="utf-8"
    )
    import_files(tiny_db, [register])
    assert rows(tiny_db, "members WHERE member_id IN ('M9', 'M10')", "member_id, size_band") == [
        ("M10", "medium"),
        ("M9", "small"),
    ]


def test_errors_name_the_row_and_the_cell_as_written(tiny_db: Database, tmp_path: Path) -> None:
    source = tmp_path / "list.csv"
    source.write_text(
        "case_id,defendant_no,store_name,platform,city_code,frozen_usd,appeared\n"
        "ilnd:1:24-cv-00005,1,Shop A,amazon,深圳,10,否\n"
        "ilnd:1:24-cv-00005,2,Shop B, myspace ,深圳,-5,否\n"
        "ilnd:1:24-cv-00005,3,Shop C,amazon,Atlantis,10,maybe\n"
        "ilnd:1:24-cv-00005,2,Shop D,amazon,深圳,10,否\n",
        encoding="utf-8",
    )
    with pytest.raises(ImportRejected) as raised:
        import_files(tiny_db, [source])
    found = [(e.row, e.column, e.value, e.reason, e.detail) for e in raised.value.report.errors]
    assert found == [
        (3, "frozen_usd", "-5", "negative_amount", None),
        (3, "platform", "myspace", "unknown_value", None),
        (4, "appeared", "maybe", "bad_flag", None),
        (4, "city_code", "Atlantis", "unknown_city", None),
        (5, "defendant_no", "2", "duplicate_key", "3"),
    ]


def test_an_unknown_court_is_named_in_the_column_it_came_from(tiny_db: Database, tmp_path: Path) -> None:
    # an unknown court inside a case id was reported in column 'court', which the file did not have
    listing = tmp_path / "list.csv"
    listing.write_text("Case ID,Store name,Platform\nzzzz:1:24-cv-01235,Shop A,amazon\n", encoding="utf-8")
    events = tmp_path / "events.csv"
    events.write_text("case_id,event_on,kind\nzzzz:1:24-cv-01235,2024-03-01,tro\n", encoding="utf-8")
    cases = tmp_path / "cases.csv"
    cases.write_text("case_id,filed_on,ip_type,case_kind\nzzzz:1:24-cv-01235,2024-03-01,trademark,other\n")
    by_court = tmp_path / "by_court.csv"
    by_court.write_text(
        "Court,docket_number,filed_on,ip_type,case_kind\nzzzz,1:24-cv-01236,2024-03-01,trademark,other\n",
        encoding="utf-8",
    )
    found = {}
    for source in (listing, events, cases, by_court):
        with pytest.raises(ImportRejected) as raised:
            import_files(tiny_db, [source])
        found[source.name] = [(e.row, e.column, e.header, e.value, e.reason) for e in raised.value.report.errors]
    assert found == {
        "list.csv": [(2, "case_id", "Case ID", "zzzz:1:24-cv-01235", "unknown_court")],
        "events.csv": [(2, "case_id", "case_id", "zzzz:1:24-cv-01235", "unknown_court")],
        "cases.csv": [(2, "case_id", "case_id", "zzzz:1:24-cv-01235", "unknown_court")],
        "by_court.csv": [(2, "court", "Court", "zzzz", "unknown_court")],
    }
    message = RowError(2, "case_id", "Case ID", "zzzz:1:24-cv-01235", "unknown_court").message("en")
    assert message.startswith("row 2, column 'Case ID (case_id)'")


def test_blank_lines_keep_their_row_numbers_and_quoted_line_breaks_stay_in_the_cell(
    tiny_db: Database, tmp_path: Path
) -> None:
    # spreadsheet rows: 1 header, 2 Shop A, 3 blank, 4 Shop B (its name spans two lines),
    # 5 blank, 6 Shop C with the bad amount; blank lines at the very end number nothing
    source = tmp_path / "list.csv"
    source.write_bytes(
        b"case_id,defendant_no,store_name,platform,frozen_usd\r\n"
        b"ilnd:1:24-cv-00005,1,Shop A,amazon,10\r\n"
        b"\r\n"
        b'ilnd:1:24-cv-00005,2,"Shop B\r\nOfficial",amazon,10\r\n'
        b"\r\n"
        b"ilnd:1:24-cv-00005,3,Shop C,amazon,-5\r\n"
        b"\r\n\r\n"
    )
    with pytest.raises(ImportRejected) as raised:
        import_files(tiny_db, [source])
    report = raised.value.report
    assert [(e.row, e.column, e.reason) for e in report.errors] == [(6, "frozen_usd", "negative_amount")]
    assert report.files[0].rows_in == 3
    source.write_bytes(source.read_bytes().replace(b"-5", b"5"))
    import_files(tiny_db, [source])
    names = rows(tiny_db, "defendants", "defendant_no, store_name")
    assert (2, "Shop B\r\nOfficial") in names and (3, "Shop C") in names


def test_quoted_line_break_in_a_file_without_blank_lines(tiny_db: Database, tmp_path: Path) -> None:
    source = tmp_path / "list.csv"
    source.write_text(
        'case_id,defendant_no,store_name,platform\nilnd:1:24-cv-00005,1,"Shop\nA",amazon\nilnd:1:24-cv-00005,2,B,\n',
        encoding="utf-8",
    )
    import_files(tiny_db, [source])
    assert rows(tiny_db, "defendants WHERE case_id = 'ilnd:1:24-cv-00005'", "defendant_no, store_name") == [
        (1, "Shop\nA"),
        (2, "B"),
    ]


@pytest.mark.parametrize("blank", ["", "\n"], ids=["no blank line", "blank line"])
def test_literal_quote_marks_in_unquoted_cells_read_as_written(tiny_db: Database, tmp_path: Path, blank: str) -> None:
    # one inch mark makes the file's quote count odd; it opens no quoted cell, so nothing is unclosed
    source = tmp_path / "list.csv"
    source.write_text(
        "case_id,defendant_no,store_name,platform\n"
        f'ilnd:1:24-cv-00005,1,12" Pizza Pans,amazon\n{blank}'
        "ilnd:1:24-cv-00005,2,Nobody Shop,temu\n",
        encoding="utf-8",
    )
    import_files(tiny_db, [source])
    assert rows(tiny_db, "defendants WHERE case_id = 'ilnd:1:24-cv-00005'", "defendant_no, store_name") == [
        (1, '12" Pizza Pans'),
        (2, "Nobody Shop"),
    ]


def test_blank_lines_with_long_cells_and_bare_carriage_returns(tiny_db: Database, tmp_path: Path) -> None:
    # the copy that keeps blank lines as rows must carry a 200,000-character cell (over the csv
    # module's default limit) and a quoted cell holding a bare CR (a line end to DuckDB unquoted)
    long_name = "L" * 200_000
    source = tmp_path / "list.csv"
    source.write_bytes(
        b"case_id,defendant_no,store_name,platform,frozen_usd\n"
        b'ilnd:1:24-cv-00005,1,"Shop\rName",amazon,1\n'
        b"\n" + f"ilnd:1:24-cv-00005,2,{long_name},amazon,2\n".encode() + b"ilnd:1:24-cv-00005,3,Shop C,amazon,-3\n"
    )
    with pytest.raises(ImportRejected) as raised:
        import_files(tiny_db, [source])
    # rows: 1 header, 2 Shop\rName, 3 blank, 4 the long name, 5 Shop C
    assert [(e.row, e.column, e.reason) for e in raised.value.report.errors] == [(5, "frozen_usd", "negative_amount")]
    source.write_bytes(source.read_bytes().replace(b"-3", b"3"))
    import_files(tiny_db, [source])
    assert rows(tiny_db, "defendants WHERE case_id = 'ilnd:1:24-cv-00005'", "defendant_no, store_name") == [
        (1, "Shop\rName"),
        (2, long_name),
        (3, "Shop C"),
    ]


def test_old_mac_line_endings_read_as_lines(empty_db: Database, tmp_path: Path) -> None:
    # Excel for Mac 2011 ends lines in a lone CR: it was "_csv.Error: new-line character seen in
    # unquoted field"; a blank line keeps its row number, a quoted cell keeps its line break
    source = tmp_path / "cases.csv"
    source.write_bytes(
        b"case_id,case_name,filed_on,ip_type,case_kind\r"
        b"ilnd:1:21-cv-00500,X v. A,2024-01-01,trademark,schedule_a\r"
        b"\r"
        b'ilnd:1:21-cv-00501,"Y v.\rB",2024-01-02,trademark,schedule_a\r'
        b"ilnd:1:21-cv-00502,Z v. C,2024-02-30,trademark,schedule_a\r"
    )
    with pytest.raises(ImportRejected) as raised:
        import_files(empty_db, [source])
    assert [(e.row, e.column, e.reason) for e in raised.value.report.errors] == [(5, "filed_on", "bad_date")]
    source.write_bytes(source.read_bytes().replace(b"02-30", b"02-03"))
    import_files(empty_db, [source])
    assert rows(empty_db, "cases", "case_id, case_name") == [
        ("ilnd:1:21-cv-00500", "X v. A"),
        ("ilnd:1:21-cv-00501", "Y v.\rB"),
        ("ilnd:1:21-cv-00502", "Z v. C"),
    ]


def test_a_line_the_csv_reader_refuses_is_named(
    tiny_db: Database, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # any csv.Error (here a cell over the csv module's limit) is a refusal naming its line, not a traceback
    import csv

    from casewatch.ingest import FileRejected, readers

    monkeypatch.setattr(readers, "_allow_long_cells", lambda: None)
    limit = csv.field_size_limit(1000)
    try:
        source = tmp_path / "list.csv"
        lines = [b"case_id,defendant_no,store_name", b"ilnd:1:24-cv-00005,1,A", b"ilnd:1:24-cv-00005,2," + b"L" * 2000]
        source.write_bytes(b"\r".join(lines))
        with pytest.raises(ImportRejected) as raised:
            import_files(tiny_db, [source])
        refused = raised.value.report.files[0].refused
        assert isinstance(refused, FileRejected)
        assert (refused.code, refused.fmt["line"]) == ("bad_csv_line", 3)
        assert "line 3" in refused.describe("en") and "第 3 行" in refused.describe("zh")
        source.write_bytes(b"store_name," + b"L" * 2000 + b"\nShop A,1\n")
        with pytest.raises(ImportRejected) as raised:
            import_files(tiny_db, [source])
        refused = raised.value.report.files[0].refused
        assert refused is not None and (refused.code, refused.fmt["line"]) == ("bad_csv_line", 1)
    finally:
        csv.field_size_limit(limit)


def test_an_unclosed_quote_is_refused_naming_its_line(tiny_db: Database, tmp_path: Path) -> None:
    source = tmp_path / "list.csv"
    source.write_text(
        # two literal inch marks on line 2, then a quoted cell opened on line 3 and never closed
        'case_id,defendant_no,store_name,platform\nilnd:1:24-cv-00005,1,12" and 5" Pans,amazon\n'
        'ilnd:1:24-cv-00005,2,"Shop B,amazon\nilnd:1:24-cv-00005,3,Shop C,amazon\n',
        encoding="utf-8",
    )
    with pytest.raises(ImportRejected) as raised:
        import_files(tiny_db, [source])
    refused = raised.value.report.files[0].refused
    assert refused is not None and str(refused) == "unclosed quote from line 3"


def test_blank_line_detection_ignores_the_end_of_the_file(tmp_path: Path) -> None:
    from casewatch.ingest.readers import _scan

    # (blank line, quote marks, the longest line's bytes with its LF)
    cases = {
        b"a,b\n1,2\n": (False, 0, 4),
        b"a,b\n1,2\n\n\r\n": (False, 0, 4),  # blank lines at the end only
        b'a,b\n\n"1",2\n': (True, 2, 6),
        b'a,b\r\n\r\n1,"2': (True, 1, 5),  # "a,b\r\n"; '1,"2' has no line end
        b"a,b\n12345678\n1,2": (False, 0, 9),
    }
    for index, (data, expected) in enumerate(cases.items()):
        path = tmp_path / f"{index}.csv"
        path.write_bytes(data)
        assert _scan(path) == expected, data


def test_looked_up_number_colliding_with_a_given_one(tiny_db: Database, tmp_path: Path) -> None:
    # ilnd:1:24-cv-00001 has defendant 1 with seller id A1JIAYI0001: a row without a number but
    # with that seller id is defendant 1 too, which another row names by number
    source = tmp_path / "list.csv"
    source.write_text(
        "case_id,defendant_no,store_name,platform,seller_id,frozen_usd\n"
        "ilnd:1:24-cv-00001,1,JiaYi Direct,amazon,A1JIAYI0001,10\n"
        "ilnd:1:24-cv-00001,,JiaYi Direct US,amazon,a1jiayi0001,20\n",
        encoding="utf-8",
    )
    with pytest.raises(ImportRejected) as raised:
        import_files(tiny_db, [source])
    found = [(e.row, e.column, e.value, e.reason, e.detail) for e in raised.value.report.errors]
    assert found == [(3, "defendant_no", "1", "duplicate_key", "2")]
    report = import_files(tiny_db, [source], skip_invalid=True, rejected_dir=tmp_path)
    assert (report.files[0].rows_accepted, report.files[0].rows_rejected) == (1, 1)
    assert rows(tiny_db, "defendants WHERE case_id = 'ilnd:1:24-cv-00001' AND defendant_no = 1", "frozen_usd") == [
        (10.0,)
    ]


COLLIDING = (
    "case_id,defendant_no,store_name,platform,seller_id,frozen_usd\n"
    "ilnd:1:24-cv-00001,1,JiaYi Direct,amazon,A1JIAYI0001,10\n"
    "ilnd:1:24-cv-00001,,JiaYi Direct US,amazon,a1jiayi0001,20\n"
)


def test_a_rejected_rows_folder_that_cannot_be_written_is_named_before_the_check(
    tiny_db: Database, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # --skip-invalid beside a file in a read-only folder (or --rejected-dir naming one) raised a
    # raw PermissionError traceback; tests run as root, so the folder's answer is simulated
    from casewatch.ingest import FileRejected, pipeline

    source = tmp_path / "list.csv"
    source.write_text(COLLIDING, encoding="utf-8")
    locked = tmp_path / "locked"
    locked.mkdir()
    real_access = os.access
    monkeypatch.setattr(pipeline.os, "access", lambda path, mode: Path(path) != locked and real_access(path, mode))
    before = rows(tiny_db, "defendants")
    with pytest.raises(ImportRejected) as raised:
        import_files(tiny_db, [source], skip_invalid=True, rejected_dir=locked / "out")
    refused = raised.value.report.files[0].refused
    assert isinstance(refused, FileRejected) and refused.code == "rejected_dir"
    assert str(locked / "out") in refused.describe("en") and "--rejected-dir" in refused.describe("en")
    assert "--rejected-dir" in refused.describe("zh")
    assert raised.value.report.stage_seconds.get("check") is None  # refused before the rows were checked
    assert rows(tiny_db, "defendants") == before
    assert not (locked / "out").exists()


def test_a_rejected_rows_file_that_fails_to_write_rolls_the_import_back(
    tiny_db: Database, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from casewatch.ingest import FileRejected

    source = tmp_path / "list.csv"
    source.write_text(COLLIDING, encoding="utf-8")

    def refuse(self: Path, data: bytes) -> int:
        raise PermissionError(13, "Permission denied", str(self))

    monkeypatch.setattr(Path, "write_bytes", refuse)
    before = rows(tiny_db, "defendants")
    with pytest.raises(ImportRejected) as raised:
        import_files(tiny_db, [source], skip_invalid=True)
    refused = raised.value.report.files[0].refused
    assert isinstance(refused, FileRejected) and refused.code == "rejected_dir"
    assert str(tmp_path / "list.rejected.csv") in refused.describe("en")
    assert rows(tiny_db, "defendants") == before


def test_a_defendant_written_by_two_files_is_matched_as_last_written(tiny_db: Database, tmp_path: Path) -> None:
    first, second = tmp_path / "first.csv", tmp_path / "second.csv"
    first.write_text("case_id,defendant_no,store_name,platform\nilnd:1:24-cv-00005,1,Random Shop,amazon\n")
    second.write_text("case_id,defendant_no,store_name,platform\nilnd:1:24-cv-00005,1,JiaYi Direct,amazon\n")
    report = import_files(tiny_db, [first, second])
    assert report.matching["auto"] == 1
    assert rows(
        tiny_db,
        "member_links WHERE case_id = 'ilnd:1:24-cv-00005'",
        "defendant_no, member_id, method, status",
    ) == [(1, "M1", "name", "auto")]
    assert rows(tiny_db, "defendants WHERE case_id = 'ilnd:1:24-cv-00005'", "store_name, member_id") == [
        ("JiaYi Direct", "M1")
    ]


def test_member_register_with_stores_aliases_and_addresses(empty_db: Database, tmp_path: Path) -> None:
    register = tmp_path / "members.csv"
    register.write_text(
        "会员编号,中文名称,英文名称,地址,平台,店铺名称,卖家ID,别名\n"
        "M1,深圳市甲乙电子商务有限公司,Shenzhen Jiayi E-commerce Co. Ltd.,广东省深圳市龙岗区坂田街道1号,"
        "amazon,JiaYi Direct,A1JIAYI,甲乙电商；Jiayi Official\n"
        "M1,,,,ebay,jiayi-store,jiayi_ebay,\n"
        'M2,,Guangzhou Bingding Apparel,"Room 5, Panyu Dist, Guangzhou, Guangdong",,,,\n',
        encoding="utf-8",
    )
    import_files(empty_db, [register])
    assert rows(empty_db, "members", "member_id, city_code, district") == [
        ("M1", "440300", "440307"),
        ("M2", "440100", "440113"),
    ]
    assert rows(empty_db, "member_stores") == [
        ("M1", "amazon", "JiaYi Direct", "A1JIAYI"),
        ("M1", "ebay", "jiayi-store", "jiayi_ebay"),
        ("M1", None, "Jiayi Official", None),
        ("M1", None, "甲乙电商", None),
    ]


def test_size_limit_from_environment(empty_db: Database, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    source = tmp_path / "cases.csv"
    source.write_text("case_id,filed_on,ip_type,case_kind\n" + "ilnd:1:24-cv-07200,2024-01-02,trademark,other\n" * 50)
    monkeypatch.setenv("CASEWATCH_MAX_IMPORT_MB", "0.001")
    with pytest.raises(ImportRejected) as raised:
        import_files(empty_db, [source])
    refused = raised.value.report.files[0].refused
    assert refused is not None and refused.code == "too_large"
    assert "MB" in refused.describe("zh")


def test_validation_only_run_writes_nothing(empty_db: Database, tmp_path: Path) -> None:
    source = tmp_path / "cases.csv"
    source.write_text("case_id,filed_on,ip_type,case_kind\nilnd:1:24-cv-07200,2024-01-02,trademark,other\n")
    report = import_files(empty_db, [source], dry_run=True, preview_rows=5)
    assert not report.committed
    assert report.files[0].preview["case_id"].tolist() == ["ilnd:1:24-cv-07200"]
    assert rows(empty_db, "cases") == [] and rows(empty_db, "imports") == []
    assert report.lines("en") == [
        "cases.csv (cases): 1 rows, 1 valid, 0 invalid; would write cases 1; "
        "valid, not written yet (commit to import it)"
    ]
    committed = import_files(empty_db, [source])
    assert committed.lines("en") == ["cases.csv (cases): 1 rows, 1 valid, 0 invalid; written cases 1; imported"]


def test_cli_exit_codes_and_messages(tmp_path: Path) -> None:
    db = str(tmp_path / "cli.duckdb")
    good = tmp_path / "cases.csv"
    good.write_text("case_id,filed_on,ip_type,case_kind\nilnd:1:24-cv-07200,2024-01-02,trademark,other\n")
    bad = tmp_path / "bad.csv"
    bad.write_text("case_id,filed_on,ip_type,case_kind\nilnd:1:24-cv-07201,2024-02-30,trademark,other\n")
    command = [sys.executable, "-m", "casewatch", "import", "--db", db, "--lang", "en"]
    ok = subprocess.run([*command, str(good)], capture_output=True, text=True, cwd=ROOT, check=False)
    assert ok.returncode == 0, ok.stderr
    assert "imported" in ok.stdout
    rejected = subprocess.run([*command, str(bad)], capture_output=True, text=True, cwd=ROOT, check=False)
    assert rejected.returncode == 2
    assert "row 2, column 'filed_on', value '2024-02-30': not a date" in rejected.stderr


INTERRUPTS = [KeyboardInterrupt(), RuntimeError("Query interrupted")]  # the second: DuckDB's, Ctrl-C in a query


def interrupt_the_herding_recompute(monkeypatch: pytest.MonkeyPatch, interrupt: BaseException) -> None:
    def refresh(db: Database, **_: object) -> None:
        raise interrupt

    monkeypatch.setattr(pipeline.herding, "refresh", refresh)


@pytest.mark.parametrize("interrupt", INTERRUPTS, ids=["KeyboardInterrupt", "DuckDB"])
def test_ctrl_c_after_the_commit_reports_the_import_as_written(
    empty_db: Database, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, interrupt: BaseException
) -> None:
    # it was a bare KeyboardInterrupt: the user could not tell that the import had been committed
    source = tmp_path / "cases.csv"
    source.write_text("case_id,filed_on,ip_type,case_kind\nilnd:1:24-cv-07200,2024-01-02,trademark,other\n")
    interrupt_the_herding_recompute(monkeypatch, interrupt)
    with pytest.raises(ImportInterrupted) as raised:
        import_files(empty_db, [source])
    assert isinstance(raised.value, KeyboardInterrupt)  # a caller not asking for the report still stops
    assert rows(empty_db, "cases", "case_id") == [("ilnd:1:24-cv-07200",)]
    report = raised.value.report
    assert report.committed and report.herding_interrupted
    lines = report.lines("en")
    assert lines[0].endswith("; imported")
    assert "herding results were not recomputed" in lines[-1] and "herding --recompute" in lines[-1]


@pytest.mark.parametrize("interrupt", INTERRUPTS, ids=["KeyboardInterrupt", "DuckDB"])
def test_cli_ctrl_c_after_the_commit_prints_the_report_and_exits_130(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], interrupt: BaseException
) -> None:
    source = tmp_path / "cases.csv"
    source.write_text("case_id,filed_on,ip_type,case_kind\nilnd:1:24-cv-07200,2024-01-02,trademark,other\n")
    interrupt_the_herding_recompute(monkeypatch, interrupt)
    code = main(["import", "--db", str(tmp_path / "cli.duckdb"), "--lang", "en", "--quiet", str(source)])
    assert code == 130
    out, err = capsys.readouterr()
    assert "; imported" in out and "herding --recompute" in out
    assert err == "error: interrupted after the import was committed\n"


@pytest.mark.parametrize("interrupt", INTERRUPTS, ids=["KeyboardInterrupt", "DuckDB"])
def test_cli_ctrl_c_before_the_commit_writes_nothing_and_exits_130(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], interrupt: BaseException
) -> None:
    source = tmp_path / "cases.csv"
    source.write_text("case_id,filed_on,ip_type,case_kind\nilnd:1:24-cv-07200,2024-01-02,trademark,other\n")

    def log(*_: object) -> None:
        raise interrupt

    monkeypatch.setattr(pipeline, "_log", log)
    path = str(tmp_path / "cli.duckdb")
    assert main(["import", "--db", path, "--lang", "en", "--quiet", str(source)]) == 130
    assert capsys.readouterr() == ("", "error: interrupted\n")
    with Database(path, read_only=True) as db:
        assert rows(db, "cases") == []


def test_cli_other_runtime_errors_are_not_taken_for_ctrl_c(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    source = tmp_path / "cases.csv"
    source.write_text("case_id,filed_on,ip_type,case_kind\nilnd:1:24-cv-07200,2024-01-02,trademark,other\n")
    interrupt_the_herding_recompute(monkeypatch, RuntimeError("a defect"))
    with pytest.raises(RuntimeError, match="a defect"):
        main(["import", "--db", str(tmp_path / "cli.duckdb"), "--quiet", str(source)])


def test_a_given_member_is_linked_once_when_its_defendant_is_written_again(tiny_db: Database, tmp_path: Path) -> None:
    # member_links has no primary key (schema 6): writing a 'given' link again updates it in place
    source = tmp_path / "list.csv"
    first_linked = None
    for frozen in (10, 20, 30):
        source.write_text(
            "case_id,defendant_no,store_name,platform,member_id,frozen_usd\n"
            f"ilnd:1:24-cv-00005,1,Some Shop,amazon,M4,{frozen}\n",
            encoding="utf-8",
        )
        assert import_files(tiny_db, [source]).files[0].written == {"defendants": 1}
        links = rows(tiny_db, "member_links WHERE case_id = 'ilnd:1:24-cv-00005'", "defendant_no, member_id, status")
        assert links == [(1, "M4", "given")]
        linked_at = rows(tiny_db, "member_links WHERE case_id = 'ilnd:1:24-cv-00005'", "linked_at")
        first_linked = first_linked or linked_at
        assert linked_at == first_linked  # when the link was first made


def test_a_member_given_anew_replaces_the_earlier_given_member(tiny_db: Database, tmp_path: Path) -> None:
    """A later file giving the defendant another member replaces the earlier given link, so a
    decision that re-ranks the store's links afterwards keeps the member the file gave last."""
    from casewatch import matching

    source = tmp_path / "list.csv"
    for member in ("M1", "M2"):  # M1 first: re-ranking equal given links would pick it by id
        source.write_text(
            f"case_id,defendant_no,store_name,platform,member_id\nilnd:1:24-cv-00005,1,Some Shop,amazon,{member}\n",
            encoding="utf-8",
        )
        import_files(tiny_db, [source])
    where = "member_links WHERE case_id = 'ilnd:1:24-cv-00005'"
    assert rows(tiny_db, where, "member_id, status, subject") == [("M2", "given", "amazon|name:some")]
    matching.decide(tiny_db, "amazon|name:some", "M3", "rejected")
    assert rows(tiny_db, "defendants WHERE case_id = 'ilnd:1:24-cv-00005'", "member_id") == [("M2",)]
    assert rows(tiny_db, where, "member_id, status") == [("M2", "given")]


def _doubling_inserts(monkeypatch: pytest.MonkeyPatch, module: object, query: str, table: str) -> None:
    """Makes ``module``'s query ``query`` run its INSERT INTO ``table`` twice (a simulated defect)."""
    real = module.load_sql  # type: ignore[attr-defined]

    def doubled(name: str) -> str:
        text = real(name)
        if name == query:
            text = f"{text};\n{text[text.index(f'INSERT INTO {table}') :]}"
        return text

    monkeypatch.setattr(module, "load_sql", doubled)


def test_an_import_that_would_store_a_defendant_twice_is_rolled_back(
    tiny_db: Database, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """defendants keeps the data contract's primary key: a defect that writes a defendant twice
    (simulated: the write inserts every new row twice) is refused by it and nothing is written."""
    import duckdb

    from casewatch.ingest import pipeline

    _doubling_inserts(monkeypatch, pipeline, "ingest/write_defendants", "defendants")
    source = tmp_path / "list.csv"
    source.write_text(
        "case_id,defendant_no,store_name,platform\n"
        "ilnd:1:24-cv-00005,7,Shop Seven,amazon\n"
        "ilnd:1:24-cv-00005,8,Shop Eight,amazon\n",
        encoding="utf-8",
    )
    before = {t: rows(tiny_db, t) for t in (*CONTRACT, "imports", "member_links")}
    version = tiny_db.data_version()
    with pytest.raises(duckdb.ConstraintException, match="ilnd:1:24-cv-00005"):
        import_files(tiny_db, [source])
    assert {t: rows(tiny_db, t) for t in (*CONTRACT, "imports", "member_links")} == before
    assert tiny_db.data_version() == version
    monkeypatch.undo()
    assert import_files(tiny_db, [source]).files[0].written == {"defendants": 2}
    assert rows(tiny_db, "defendants WHERE case_id = 'ilnd:1:24-cv-00005'", "defendant_no") == [(7,), (8,)]


def test_a_register_change_that_would_store_a_link_twice_is_rolled_back(
    tiny_db: Database, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A register import writes no defendant but re-matches every one, so the check covers every
    case: the first doubled link in key order (defendant 1 of flsd:0:24-cv-00003, matched to M1 by
    name; the import wrote no case) is named."""
    from casewatch import errors, matching

    _doubling_inserts(monkeypatch, matching, "matching/write_links", "member_links")
    register = tmp_path / "members.csv"
    register.write_text(
        "member_id,name_en,city_code,platform,store_name,seller_id\nM9,Ninth Trading Co. Ltd.,440300,walmart,,W999\n",
        encoding="utf-8",
    )
    before = {t: rows(tiny_db, t) for t in (*CONTRACT, "imports", "member_links")}
    with pytest.raises(errors.KeyWrittenTwice) as raised:
        import_files(tiny_db, [register])
    assert raised.value.fmt == {"table": "member_links", "key": "flsd:0:24-cv-00003/1/M1"}
    assert {t: rows(tiny_db, t) for t in (*CONTRACT, "imports", "member_links")} == before
    monkeypatch.undo()
    import_files(tiny_db, [register])
    assert rows(tiny_db, "member_links WHERE member_id = 'M9'", "case_id, defendant_no, method, status") == [
        ("ilnd:1:24-cv-00001", 3, "seller_id", "auto")
    ]
