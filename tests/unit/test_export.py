"""Exports: CSV with a BOM (Chinese survives), XLSX with a sheet saying what was exported, Parquet;
formula-injection strings come out inert; written in chunks; equal to the on-screen table row for
row; and the export CLI."""

from __future__ import annotations

import datetime as dt
import errno
import importlib
import io
import os
import stat
import subprocess
import sys
import threading
from pathlib import Path

import openpyxl
import pandas as pd
import pyarrow.parquet as pq
import pytest

from casewatch import cases, export
from casewatch.__main__ import main
from casewatch.access import SYSTEM, Scope
from casewatch.cases import TableRequest
from casewatch.cli import _common
from casewatch.db import Database
from casewatch.facts import bump_data_version
from casewatch.filters import Filters, Vocabulary
from casewatch.sql import ROOT
from tests.support import roles
from tests.support.apptest import open_page, rerun

role_db = roles.role_db  # a fixture

WIDE = Filters(date_from=dt.date(2023, 1, 1), date_to=dt.date(2024, 12, 31))
NASTY = ['=HYPERLINK("http://x.example","x")', "+SUM(A1)", "-2+3", "@cmd", "\tTAB", "\rCR"]
AT = dt.datetime(2026, 11, 27, 12, 0, tzinfo=dt.UTC)


def vocabulary(db: Database) -> Vocabulary:
    return Vocabulary.from_rows(db.query("reference/vocabulary").itertuples(index=False, name=None))


def exported(
    db: Database, fmt: str, request: TableRequest | None = None, scope: Scope = SYSTEM, lang: str = "zh"
) -> bytes:
    buffer = io.BytesIO()
    export.write_case_table(
        db, scope, WIDE, request or TableRequest(), fmt, buffer, lang=lang, vocabulary=vocabulary(db), exported_at=AT
    )
    return buffer.getvalue()


def plant_nasty_case(db: Database) -> None:
    """A case whose plaintiff and stores start like formulas."""
    with db.write() as con:
        con.execute(
            "INSERT INTO cases (case_id, court, docket_number, case_name, filed_on, plaintiff, brand) "
            "VALUES ('ilnd:1:24-cv-00666', 'ilnd', '1:24-cv-00666', $name, DATE '2024-06-01', $plaintiff, '品牌-甲')",
            {"name": NASTY[0], "plaintiff": NASTY[1]},
        )
        for number, store in enumerate(NASTY[2:], start=1):
            con.execute(
                "INSERT INTO defendants (case_id, defendant_no, store_name, platform, seller_id, frozen_usd) "
                "VALUES ('ilnd:1:24-cv-00666', $no, $store, 'amazon', $seller, -5)",
                {"no": number, "store": store, "seller": f"@S{number}"},
            )
        bump_data_version(con)


def test_neutralise_frame() -> None:
    frame = pd.DataFrame({"=header": [*NASTY, "safe", None], "amount": [-1.5, 2, 3, 4, 5, 6, -7, None]})
    safe = export.neutralise_frame(frame)
    assert list(safe.columns) == ["'=header", "amount"]
    assert safe["'=header"].tolist()[:7] == [f"'{v}" for v in NASTY] + ["safe"]
    assert pd.isna(safe["'=header"].iloc[7])
    assert safe["amount"].tolist()[:2] == [-1.5, 2]  # numbers stay numbers, negative too
    assert export.neutralise(-3) == -3 and export.neutralise("a=b") == "a=b"


def test_csv_has_bom_header_first_and_chinese_survives(tiny_db: Database) -> None:
    data = exported(tiny_db, "csv")
    assert data.startswith(b"\xef\xbb\xbf")
    text = data.decode("utf-8-sig")
    assert text.splitlines()[0] == ",".join(cases.column_label(name, "zh") for name, _ in cases.COLUMNS)
    frame = pd.read_csv(io.BytesIO(data), encoding="utf-8-sig")
    assert len(frame) == 9
    assert "深圳市甲乙电子商务有限公司" in frame["会员名称"].tolist()
    assert frame["法院"].iloc[0] == "美国伊利诺伊州北区联邦地区法院"


def test_formula_strings_come_out_inert_in_csv_and_xlsx(tiny_db: Database) -> None:
    plant_nasty_case(tiny_db)
    request = TableRequest("00666", sort="store_name", descending=False)
    frame = pd.read_csv(io.BytesIO(exported(tiny_db, "csv", request)), encoding="utf-8-sig", dtype=str)
    assert frame["原告"].unique().tolist() == ["'+SUM(A1)"]
    assert frame["案件名称"].unique().tolist() == ["'" + NASTY[0]]
    assert sorted(frame["店铺名"]) == sorted("'" + s for s in NASTY[2:])
    assert set(frame["卖家 ID"]) == {"'@S1", "'@S2", "'@S3", "'@S4"}
    assert frame["品牌"].unique().tolist() == ["品牌-甲"]  # a dash inside is harmless
    assert frame["冻结金额(美元)"].unique().tolist() == ["-5.0"]  # a negative amount stays a number

    book = openpyxl.load_workbook(io.BytesIO(exported(tiny_db, "xlsx", request)))
    sheet = book.worksheets[0]
    cells = [cell for row in sheet.iter_rows() for cell in row]
    assert not [c.coordinate for c in cells if c.data_type == "f"]  # no formula anywhere
    # OOXML escapes a carriage return as _x000D_ (Excel reads it back as the character)
    values = {c.value.replace("_x000D_", "\r") for c in cells if isinstance(c.value, str)}
    assert {"'" + s for s in NASTY} <= values
    amounts = [c.value for c in cells if isinstance(c.value, (int, float))]
    assert -5 in amounts


# formulas behind leading spaces (ASCII, no-break, ideographic, zero-width, a BOM) or in full-width signs
DISGUISED = ["＝HYPERLINK(\"http://x.example\")", "＋SUM(1)", "－2+3", "＠cmd", " =1+1", "\u3000=1+1",
             "\u00a0+1", "\u200b@cmd", "\ufeff-1", "\n=1"]  # fmt: skip
HARMLESS = ["Shop - A", "a=b", "  Shop", "－", "_=1"]  # signs inside, spaces before text: as they are


def test_formulas_behind_spaces_or_in_full_width_come_out_inert(tiny_db: Database) -> None:
    assert [export.neutralise(v) for v in DISGUISED] == ["'" + v for v in DISGUISED]
    assert [export.neutralise(v) for v in HARMLESS] == [*HARMLESS[:3], "'－", "_=1"]  # a lone sign too
    safe = export.neutralise_frame(pd.DataFrame({"text": DISGUISED + HARMLESS}))
    assert safe["text"].tolist() == [export.neutralise(v) for v in DISGUISED + HARMLESS]
    with tiny_db.write() as con:
        con.execute(
            "INSERT INTO cases (case_id, court, docket_number, case_name, filed_on, plaintiff) "
            "VALUES ('ilnd:1:24-cv-00667', 'ilnd', '1:24-cv-00667', 'Disguised', DATE '2024-06-01', 'P')"
        )
        for number, store in enumerate(DISGUISED + HARMLESS, start=1):
            con.execute(
                "INSERT INTO defendants (case_id, defendant_no, store_name, platform) "
                "VALUES ('ilnd:1:24-cv-00667', $no, $store, 'amazon')",
                {"no": number, "store": store},
            )
        bump_data_version(con)
    request = TableRequest("00667", sort="case_id", descending=False)  # then by defendant number
    frame = pd.read_csv(io.BytesIO(exported(tiny_db, "csv", request)), encoding="utf-8-sig", dtype=str,
                        keep_default_na=False)  # fmt: skip
    assert frame["店铺名"].tolist() == [export.neutralise(v) for v in DISGUISED + HARMLESS]


def test_xlsx_states_filters_time_and_version(tiny_db: Database) -> None:
    book = openpyxl.load_workbook(io.BytesIO(exported(tiny_db, "xlsx", lang="en")))
    assert book.sheetnames == ["Cases", "About this export"]
    about = {row[0]: row[1] for row in book["About this export"].iter_rows(values_only=True)}
    assert about["Filters"] == "Filed 2023-01-01 to 2024-12-31"
    assert about["Search and sort"] == "sorted by Filed on, descending"
    assert about["Exported at (UTC)"] == "2026-11-27T12:00:00+00:00"
    assert about["Data version"] == str(tiny_db.data_version())
    assert about["Rows"] == "9"
    assert about["Scope"] == "analyst view (all data)"
    data = pd.read_excel(io.BytesIO(exported(tiny_db, "xlsx", lang="en")), sheet_name="Cases")
    assert len(data) == 9 and data["Filed on"].iloc[0] == pd.Timestamp("2024-03-01")


def test_xlsx_continues_on_new_sheets_past_the_row_limit(tiny_db: Database, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(export, "XLSX_MAX_DATA_ROWS", 4)
    book = openpyxl.load_workbook(io.BytesIO(exported(tiny_db, "xlsx", lang="en")))
    assert book.sheetnames == ["Cases", "Cases 2", "Cases 3", "About this export"]
    rows = [r for name in book.sheetnames[:3] for r in list(book[name].iter_rows(values_only=True))[1:]]
    assert len(rows) == 9
    assert all(book[name]["A1"].value == "Case ID" for name in book.sheetnames[:3])


def test_parquet_keeps_codes_types_and_says_what_it_is(tiny_db: Database) -> None:
    table = pq.read_table(io.BytesIO(exported(tiny_db, "parquet")))
    frame = table.to_pandas()
    assert len(frame) == 9 and "total_rows" not in frame.columns
    assert frame["outcome"].dropna().isin(["default_judgment", "settled", "dismissed", "pending"]).all()
    assert str(table.schema.field("filed_on").type) == "date32[day]"
    metadata = {k.decode(): v.decode() for k, v in table.schema.metadata.items() if k.startswith(b"casewatch.")}
    assert metadata["casewatch.data_version"] == str(tiny_db.data_version())
    assert metadata["casewatch.exported_at"] == "2026-11-27T12:00:00+00:00"


def test_chunked_export_equals_one_chunk(tiny_db: Database, monkeypatch: pytest.MonkeyPatch) -> None:
    whole = {fmt: exported(tiny_db, fmt) for fmt in ("csv", "parquet")}
    monkeypatch.setattr(cases, "EXPORT_BATCH_ROWS", 2)
    with cases.table_reader(tiny_db, SYSTEM, WIDE, TableRequest()) as reader:
        sizes = [batch.num_rows for batch in reader]
    assert sizes == [2, 2, 2, 2, 1]
    assert exported(tiny_db, "csv") == whole["csv"]  # one header, same rows in the same order
    assert pq.read_table(io.BytesIO(exported(tiny_db, "parquet"))).equals(pq.read_table(io.BytesIO(whole["parquet"])))
    xlsx = pd.read_excel(io.BytesIO(exported(tiny_db, "xlsx")), sheet_name=0)
    assert len(xlsx) == 9


def test_exports_sorted_by_filing_date_go_in_slices_of_whole_months(tiny_db: Database) -> None:
    months = pd.DataFrame(
        {"month": pd.to_datetime(["2023-12-01", "2024-01-01", "2024-02-01", "2024-03-01"]), "rows": [2, 3, 3, 1]}
    )
    period = WIDE.with_values(date_from=dt.date(2023, 12, 5))
    slices = cases.export_slices(period, TableRequest(descending=False), months, rows_per_slice=4)
    # Dec+Jan hold 5 rows, Feb+Mar the rest; the first starts where the filter does, the last ends there
    assert [(s.date_from, s.date_to) for s in slices] == [
        (dt.date(2023, 12, 5), dt.date(2024, 1, 31)),
        (dt.date(2024, 2, 1), dt.date(2024, 12, 31)),
    ]
    newest_first = cases.export_slices(period, TableRequest(), months, rows_per_slice=4)
    assert newest_first == slices[::-1]
    assert cases.export_slices(WIDE, TableRequest(sort="brand"), months) == [WIDE]
    assert cases.export_slices(WIDE, TableRequest(), months.iloc[:0]) == [WIDE]
    assert tiny_db.query("cases/months", **WIDE.params())["rows"].tolist() == [2, 3, 3, 1]


@pytest.mark.parametrize("rows_per_slice", [1, 3, 1000])
def test_sliced_exports_keep_the_order_of_one_query(
    tiny_db: Database, monkeypatch: pytest.MonkeyPatch, rows_per_slice: int
) -> None:
    monkeypatch.setattr(cases, "EXPORT_SLICE_ROWS", rows_per_slice)
    for request in (TableRequest(), TableRequest(descending=False), TableRequest("schedule", descending=False)):
        whole = tiny_db.query("cases/table", **WIDE.params(), **request.params(limit=None))
        with cases.table_reader(tiny_db, SYSTEM, WIDE, request) as reader:
            streamed = reader.read_all().to_pandas()
        assert row_keys(streamed) == row_keys(whole[whole["case_id"].notna()])


def row_keys(frame: pd.DataFrame) -> list[tuple[str, int | None]]:
    return [(c, None if pd.isna(d) else int(d)) for c, d in zip(frame["case_id"], frame["defendant_no"], strict=True)]


def test_empty_export_still_has_headers(tiny_db: Database) -> None:
    nothing = TableRequest("no-such-words-anywhere")
    frame = pd.read_csv(io.BytesIO(exported(tiny_db, "csv", nothing)), encoding="utf-8-sig")
    assert frame.empty and "案件编号" in frame.columns
    assert pd.read_excel(io.BytesIO(exported(tiny_db, "xlsx", nothing)), sheet_name=0).columns[0] == "案件编号"
    assert pq.read_table(io.BytesIO(exported(tiny_db, "parquet", nothing))).num_rows == 0


# --- the on-screen table and its downloads ----------------------------------------------------------


def normalised(frame: pd.DataFrame) -> list[list[object]]:
    """Cells compared across screen and files: blanks as None, dates as ISO text, whole floats as int."""

    def cell(value: object) -> object:
        if value is None or (not isinstance(value, str) and pd.isna(value)):  # type: ignore[arg-type]
            return None
        if isinstance(value, (dt.date, pd.Timestamp)):
            return str(value)[:10]
        if isinstance(value, float) and value.is_integer():
            return int(value)
        if isinstance(value, str) and value.startswith("'") and export.neutralise(value[1:]) == value:
            return value[1:]  # neutralised on export, shown as is
        return value

    return [[cell(v) for v in row] for row in frame.itertuples(index=False, name=None)]


def test_exports_equal_the_screen_row_for_row(role_db: str, monkeypatch: pytest.MonkeyPatch) -> None:
    with Database(role_db) as db:
        plant_nasty_case(db)
    monkeypatch.setattr(cases, "PAGE_SIZE", 4)
    query = {"from": "2023-01-01", "to": "2024-12-31", "sort": "store_name", "lang": "zh"}
    at = open_page("pages/cases.py", **query)
    assert not at.exception
    pages = [at.dataframe[0].value]
    for number in (2, 3, 4):
        at.number_input(key="cases_page").set_value(number)
        rerun(at)
        pages.append(at.dataframe[0].value)
    screen = pd.concat(pages, ignore_index=True)
    assert len(screen) == 13  # 9 fixture rows and the 4 stores of the planted case, 4 a page
    with Database(role_db) as db:
        request = TableRequest(sort="store_name", descending=False)
        csv = pd.read_csv(io.BytesIO(exported(db, "csv", request)), encoding="utf-8-sig")
        xlsx = pd.read_excel(io.BytesIO(exported(db, "xlsx", request)), sheet_name=0)
    xlsx = xlsx.map(lambda v: v.replace("_x000D_", "\r") if isinstance(v, str) else v)
    assert list(csv.columns) == list(xlsx.columns) == list(screen.columns)
    assert normalised(csv) == normalised(screen)
    assert normalised(xlsx) == normalised(screen)


def test_search_from_the_link_filters_screen_and_download(role_db: str) -> None:
    at = open_page("pages/cases.py", **{"from": "2023-01-01", "to": "2024-12-31", "q": "jiayi", "lang": "en"})
    assert not at.exception
    assert at.text_input(key="q").value == "jiayi"
    shown = at.dataframe[0].value
    assert shown["Store name"].tolist() == ["jiayi-store", "JiaYi Direct", "JiaYi Direct"]
    assert len(at.get("download_button")) == 3
    with Database(role_db) as db:
        csv = pd.read_csv(io.BytesIO(exported(db, "csv", TableRequest("jiayi"), lang="en")))
    assert normalised(csv) == normalised(shown)


# --- the CLI -------------------------------------------------------------------------------------------


def test_cli_export_writes_what_the_library_writes(tiny_db: Database, tmp_path: Path) -> None:
    path = tiny_db.path
    tiny_db.close()
    out = tmp_path / "cases.csv"
    code = main(
        ["export", "--db", path, "--format", "csv", "--out", str(out), "--from", "2023-01-01", "--to", "2024-12-31"]
    )
    assert code == 0
    with Database(path, read_only=True) as db:
        assert out.read_bytes() == exported(db, "csv")
    out_m = tmp_path / "m1.parquet"
    assert (
        main(
            ["export", "--db", path, "--format", "parquet", "--out", str(out_m), "--member-id", "M1", "--members", "1"]
        )
        == 0
    )
    assert pq.read_table(out_m).column("member_id").to_pylist() == ["M1", "M1", "M1"]


@pytest.mark.parametrize(
    "bad",
    [
        ["--member-id", "M99"],
        ["--city", "999999"],
        ["--from", "yesterday"],
        ["--sort", "password"],
    ],
)
def test_cli_export_rejects_bad_input_and_writes_nothing(
    tiny_db: Database, tmp_path: Path, bad: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    path = tiny_db.path
    tiny_db.close()
    out = tmp_path / "x.csv"
    try:
        code = main(["export", "--db", path, "--format", "csv", "--out", str(out), *bad])
    except SystemExit as stopped:  # the shared filter options stop with exit 2 themselves
        code = int(str(stopped.code))
    assert code == 2
    assert not out.exists() and not list(tmp_path.glob(".*partial"))
    assert "error:" in capsys.readouterr().err


@pytest.mark.parametrize(
    "command",
    [["export", "--format", "csv"], ["report", "--month", "2024-02", "--format", "html"]],
)
def test_cli_output_into_a_missing_folder_is_refused_first(
    tiny_db: Database, tmp_path: Path, command: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    # it was a traceback and exit 1 at the very end (found in review)
    path = tiny_db.path
    tiny_db.close()
    out = tmp_path / "no_such_folder" / "x.out"
    assert main([command[0], "--db", path, *command[1:], "--out", str(out)]) == 2
    err = capsys.readouterr().err
    assert err == f"error: --out {out}: folder {out.parent} does not exist\n"
    assert not out.parent.exists()


OUT_COMMANDS = [["export", "--format", "csv"], ["report", "--month", "2024-02", "--format", "html"]]


@pytest.mark.parametrize("command", OUT_COMMANDS, ids=["export", "report"])
def test_cli_output_through_a_symlink_writes_its_target_and_keeps_the_link(
    tiny_db: Database, tmp_path: Path, command: list[str]
) -> None:
    # export renamed its partial file onto the link, replacing the link by a regular file
    path = tiny_db.path
    tiny_db.close()
    folder = tmp_path / "out"
    (folder / "files").mkdir(parents=True)
    target = folder / "files" / "table.out"
    target.write_bytes(b"old")
    link = folder / "link.out"
    link.symlink_to(target)
    assert main([command[0], "--db", path, *command[1:], "--out", str(link)]) == 0
    assert link.is_symlink() and link.readlink() == target
    assert len(target.read_bytes()) > 100
    assert sorted(p.name for p in folder.rglob("*")) == ["files", "link.out", "table.out"]  # no partial left


@pytest.mark.parametrize("command", OUT_COMMANDS, ids=["export", "report"])
def test_cli_output_into_a_fifo_is_written_into_and_stays_a_fifo(
    tiny_db: Database, tmp_path: Path, command: list[str]
) -> None:
    # export replaced a FIFO or a device given as --out by a regular file (as root: /dev/full)
    path = tiny_db.path
    tiny_db.close()
    folder = tmp_path / "out"
    folder.mkdir()
    fifo = folder / "pipe"
    os.mkfifo(fifo)
    received: list[bytes] = []
    reader = threading.Thread(target=lambda: received.append(fifo.read_bytes()), daemon=True)
    reader.start()
    assert main([command[0], "--db", path, *command[1:], "--out", str(fifo)]) == 0
    reader.join(timeout=30)
    assert received and len(received[0]) > 100
    assert stat.S_ISFIFO(fifo.lstat().st_mode)
    assert [p.name for p in folder.iterdir()] == ["pipe"]


@pytest.mark.parametrize("command", OUT_COMMANDS, ids=["export", "report"])
def test_cli_output_to_dev_stdout_on_a_pipe_and_onto_a_private_file(
    tiny_db: Database, tmp_path: Path, command: list[str]
) -> None:
    """``--out /dev/stdout | ...``: /dev/stdout's link names the pipe by no path (pipe:[N]), and a
    partial file was made beside it - "No such file or directory" after all the work (found in
    review). And a file written again keeps its mode: a brief naming members kept private stays so."""
    path = tiny_db.path
    tiny_db.close()
    run = [sys.executable, "-m", "casewatch", command[0], "--db", path, *command[1:]]
    piped = subprocess.run([*run, "--out", "/dev/stdout"], capture_output=True, cwd=ROOT, check=False)
    assert piped.returncode == 0, piped.stderr
    assert len(piped.stdout) > 100
    private = tmp_path / "private.out"
    private.write_bytes(b"old")
    private.chmod(0o600)
    assert main([command[0], "--db", path, *command[1:], "--out", str(private)]) == 0
    assert stat.S_IMODE(private.stat().st_mode) == 0o600 and len(private.read_bytes()) > 100


@pytest.mark.parametrize("command", OUT_COMMANDS, ids=["export", "report"])
@pytest.mark.parametrize("where", ["folder", ".", "link to a folder"])
def test_cli_output_onto_a_folder_is_refused_first(
    tiny_db: Database, tmp_path: Path, command: list[str], where: str, capsys: pytest.CaptureFixture[str]
) -> None:
    # it was a traceback at the very end: IsADirectoryError, or "ValueError: empty name" for '.'
    path = tiny_db.path
    tiny_db.close()
    folder = tmp_path / "out"
    folder.mkdir()
    (tmp_path / "link").symlink_to(folder)
    out = {"folder": str(folder), ".": ".", "link to a folder": str(tmp_path / "link")}[where]
    assert main([command[0], "--db", path, *command[1:], "--out", out]) == 2
    assert capsys.readouterr().err == f"error: --out {out}: is a folder; give a file name\n"
    assert list(folder.iterdir()) == []


@pytest.mark.parametrize("command", OUT_COMMANDS, ids=["export", "report"])
def test_cli_output_into_a_folder_not_writable_is_refused_first(
    tiny_db: Database,
    tmp_path: Path,
    command: list[str],
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    # as root every folder is writable to os.access: the test stands in for a user's read-only folder
    path = tiny_db.path
    tiny_db.close()
    folder = tmp_path / "out"
    folder.mkdir()
    access = os.access
    monkeypatch.setattr(_common.os, "access", lambda p, mode, **kw: Path(p) != folder and access(p, mode, **kw))
    opened = importlib.import_module(f"casewatch.cli.{command[0]}")
    monkeypatch.setattr(opened, "open_db", lambda *_, **__: pytest.fail("the database was opened"))
    out = folder / "x.out"
    assert main([command[0], "--db", path, *command[1:], "--out", str(out)]) == 2
    assert capsys.readouterr().err == f"error: --out {out}: cannot write in folder {folder}\n"


def test_cli_a_system_refusal_while_writing_is_one_error_line(
    tiny_db: Database, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    # e.g. a full disk or a read-only file system found only when writing: it was a traceback
    path = tiny_db.path
    tiny_db.close()

    def full(*_: object, **__: object) -> int:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(export, "write_case_table", full)
    out = tmp_path / "out.csv"
    assert main(["export", "--db", path, "--format", "csv", "--out", str(out)]) == 2
    assert capsys.readouterr().err == "error: No space left on device\n"
    assert not out.exists() and not list(tmp_path.glob(".*partial"))

    def defect(*_: object, **__: object) -> int:
        raise OSError("raised by our own code: a defect, shown as one")

    monkeypatch.setattr(export, "write_case_table", defect)
    with pytest.raises(OSError, match="a defect"):
        main(["export", "--db", path, "--format", "csv", "--out", str(out)])


def test_cli_export_rejects_an_unknown_format(tiny_db: Database, tmp_path: Path) -> None:
    with pytest.raises(SystemExit) as stopped:
        main(["export", "--db", tiny_db.path, "--format", "xls", "--out", str(tmp_path / "x.xls")])
    assert stopped.value.code == 2


def test_cli_export_with_no_dates_holds_every_filing_the_import_accepts(tiny_db: Database, tmp_path: Path) -> None:
    """With no filter option, all rows: a case filed in 1998 and one filed 366 days ahead, both
    accepted by the import, were left out (the dates defaulted to 2000-01-01 .. today + 365)."""
    from casewatch.ingest import import_files

    ahead = dt.date.today() + dt.timedelta(days=366)
    cases_file = tmp_path / "cases.csv"
    cases_file.write_text(
        "case_id,filed_on,ip_type,case_kind\n"
        f"ilnd:1:98-cv-00001,1998-05-01,trademark,individual\nilnd:1:27-cv-00001,{ahead},trademark,schedule_a\n"
    )
    listing = tmp_path / "defendants.csv"
    listing.write_text(
        "case_id,defendant_no,store_name,platform\n"
        "ilnd:1:98-cv-00001,1,Old Shop,amazon\nilnd:1:27-cv-00001,1,Ahead Shop,amazon\n"
    )
    assert import_files(tiny_db, [cases_file, listing]).ok
    # a row per defendant, and one per case with none listed yet
    stored = int(
        tiny_db.sql(
            "SELECT (SELECT count(*) FROM defendants)"
            " + (SELECT count(*) FROM cases WHERE case_id NOT IN (SELECT case_id FROM defendants)) AS n"
        )["n"].iloc[0]
    )
    path = tiny_db.path
    tiny_db.close()
    out = tmp_path / "all.parquet"
    assert main(["export", "--db", path, "--format", "parquet", "--out", str(out)]) == 0
    table = pq.read_table(out)
    assert table.num_rows == stored
    stores = set(table.column("store_name").to_pylist())
    assert {"Old Shop", "Ahead Shop"} <= stores


def test_cli_export_with_from_after_to_says_so(
    tiny_db: Database, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # (it said "--from '2026-06-01>2026-01-01' is not a valid value")
    path = tiny_db.path
    tiny_db.close()
    args = ["export", "--db", path, "--format", "csv", "--out", str(tmp_path / "x.csv")]
    with pytest.raises(SystemExit) as stopped:
        main([*args, "--from", "2026-06-01", "--to", "2026-01-01"])
    assert stopped.value.code == 2
    assert capsys.readouterr().err.strip() == "error: --from 2026-06-01 is after --to 2026-01-01"
    assert not (tmp_path / "x.csv").exists()
