"""Names are data, and downloads are data: a store named '@HomeDeals Store' is imported and stored
as written and shown inert in CSV and XLSX; a CSV download starts with its header row, reads with
pandas' and DuckDB's defaults into the Parquet download's columns and rows, and imports back
without changing anything."""

from __future__ import annotations

import csv
import datetime as dt
import io
import tempfile
from collections.abc import Iterator
from pathlib import Path

import duckdb
import openpyxl
import pandas as pd
import pyarrow.parquet as pq
import pytest

from casewatch import cases, export
from casewatch.__main__ import main
from casewatch.access import SYSTEM, Scope
from casewatch.cases import TableRequest
from casewatch.db import Database
from casewatch.filters import Filters, Vocabulary
from casewatch.ingest import import_files
from tests.support import templates
from tests.support.databases import build_tiny_file, fetch

ALL = Filters(date_from=dt.date(2000, 1, 1), date_to=dt.date(2026, 12, 31))
CASE = "ilnd:1:24-cv-00001"  # tiny: Alpha Inc, defendants 1-3
NAMES = ["@HomeDeals Store", "-Minus Outlet", "+Plus Shop", "=Equal Goods", "-100 Deals", "＝Wide Equal", "＠Wide At"]
CONTRACT = ("cases", "defendants", "events", "members", "member_stores")


def vocabulary(db: Database) -> Vocabulary:
    return Vocabulary.from_rows(db.query("reference/vocabulary").itertuples(index=False, name=None))


def download(db: Database, fmt: str, scope: Scope = SYSTEM, lang: str = "zh") -> bytes:
    buffer = io.BytesIO()
    export.write_case_table(db, scope, ALL, TableRequest(), fmt, buffer, lang=lang, vocabulary=vocabulary(db))
    return buffer.getvalue()


def contract_rows(db: Database) -> dict[str, list[tuple[object, ...]]]:
    return {table: fetch(db, f"SELECT * FROM {table} ORDER BY ALL") for table in CONTRACT}


def build_odd_names(path: str) -> None:
    """The tiny database plus a Schedule A list whose store names start like formulas, at path, closed."""
    rows = "".join(f'{CASE},{10 + i},"{name}",amazon,SELLER{i}\n' for i, name in enumerate(NAMES))
    with tempfile.TemporaryDirectory() as folder, Database(templates.copy_of("tiny", build_tiny_file, path)) as db:
        listing = Path(folder) / "listing.csv"
        listing.write_text("case_id,defendant_no,store_name,platform,seller_id\n" + rows, encoding="utf-8")
        import_files(db, [listing])


@pytest.fixture
def odd_names(tmp_path: Path) -> Iterator[Database]:
    """The tiny database plus a Schedule A list whose store names start like formulas (built once per
    session and copied: tests/support/templates.py)."""
    db = Database(templates.copy_of("tiny_odd_names", build_odd_names, tmp_path / "tiny.duckdb"))
    yield db
    db.close()


def test_store_names_starting_like_formulas_are_kept_as_written(odd_names: Database) -> None:
    stored = fetch(odd_names, f"SELECT store_name FROM defendants WHERE case_id = '{CASE}' AND defendant_no >= 10")
    assert sorted(name for (name,) in stored) == sorted(NAMES)


def test_a_members_register_keeps_names_starting_like_formulas(tiny_db: Database, tmp_path: Path) -> None:
    register = tmp_path / "members.csv"
    register.write_text(
        "member_id,name_zh,name_en,city_code,platform,store_name\nM9,@某公司,=Some Co,深圳,amazon,+Plus Shop\n",
        encoding="utf-8",
    )
    import_files(tiny_db, [register])
    assert fetch(tiny_db, "SELECT name_zh, name_en FROM members WHERE member_id = 'M9'") == [("@某公司", "=Some Co")]
    assert fetch(tiny_db, "SELECT store_name FROM member_stores WHERE member_id = 'M9'") == [("+Plus Shop",)]


def test_downloads_show_those_names_inert(odd_names: Database) -> None:
    frame = pd.read_csv(io.BytesIO(download(odd_names, "csv")), encoding="utf-8-sig", dtype=str)
    shown = set(frame["店铺名"].dropna())
    assert {"'" + name for name in NAMES} <= shown
    book = openpyxl.load_workbook(io.BytesIO(download(odd_names, "xlsx")))
    cells = [cell for row in book.worksheets[0].iter_rows() for cell in row]
    assert not [cell.coordinate for cell in cells if cell.data_type == "f"]
    assert {"'" + name for name in NAMES} <= {cell.value for cell in cells}
    table = pq.read_table(io.BytesIO(download(odd_names, "parquet"))).to_pandas()
    assert set(NAMES) <= set(table["store_name"].dropna())  # Parquet holds values, not spreadsheet text


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_a_csv_download_imports_back_without_changing_anything(odd_names: Database, tmp_path: Path, lang: str) -> None:
    before = contract_rows(odd_names)
    path = tmp_path / f"casewatch_cases_{lang}.csv"
    path.write_bytes(download(odd_names, "csv", lang=lang))
    report = import_files(odd_names, [path])
    assert report.committed
    assert contract_rows(odd_names) == before


def test_the_import_takes_off_exactly_the_apostrophes_downloads_put(tiny_db: Database, tmp_path: Path) -> None:
    """One pattern (export.FORMULA_START) says where a download puts an apostrophe and where an
    import takes it off: each neutralised value comes back as it was, and an apostrophe the data
    itself starts with stays."""
    values = ["=1+1", "+SUM(1)", "-2", "@cmd", "\tTAB", " =1+1", "\u3000=1+1", "\u00a0+1", "＝HYPERLINK(1)",
              "＋1", "－ 2", "＠x"]  # fmt: skip
    kept = ["'quoted", "'  spaced", "'a=b"]
    names = [str(export.neutralise(v)) for v in values] + kept
    assert names[: len(values)] == ["'" + v for v in values]
    listing = tmp_path / "listing.csv"
    with listing.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["case_id", "defendant_no", "store_name", "platform"])
        writer.writerows([CASE, 20 + i, name, "amazon"] for i, name in enumerate(names))
    import_files(tiny_db, [listing])
    stored = fetch(tiny_db, f"SELECT store_name FROM defendants WHERE case_id = '{CASE}' AND defendant_no >= 20 "
                            "ORDER BY defendant_no")  # fmt: skip
    assert [name for (name,) in stored] == [*values, *kept]


def test_an_xlsx_download_imports_back_without_changing_anything(odd_names: Database, tmp_path: Path) -> None:
    before = contract_rows(odd_names)
    path = tmp_path / "casewatch_cases.xlsx"
    path.write_bytes(download(odd_names, "xlsx"))
    import_files(odd_names, [path])
    assert contract_rows(odd_names) == before


def test_a_real_formula_cell_in_a_workbook_is_refused(tiny_db: Database, tmp_path: Path) -> None:
    """A formula's value is not stored in the file (openpyxl writes none): nothing to import."""
    from casewatch.ingest import ImportRejected

    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["case_id", "defendant_no", "store_name"])
    sheet.append([CASE, 20, '=CONCAT("a","b")'])
    path = tmp_path / "formula.xlsx"
    book.save(path)
    with pytest.raises(ImportRejected) as raised:
        import_files(tiny_db, [path])
    refused = raised.value.report.files[-1].refused
    assert refused is not None and refused.code == "formula_cell"
    assert "C2" in raised.value.report.files[-1].summary("en")


@pytest.mark.parametrize("scope", [SYSTEM, Scope("member", member_id="M1")], ids=["analyst", "member"])
@pytest.mark.parametrize("lang", ["zh", "en"])
def test_csv_reads_with_default_options_like_the_parquet(
    odd_names: Database, tmp_path: Path, scope: Scope, lang: str
) -> None:
    parquet = pq.read_table(io.BytesIO(download(odd_names, "parquet", scope, lang)))
    path = tmp_path / "download.csv"
    path.write_bytes(download(odd_names, "csv", scope, lang))
    by_pandas = pd.read_csv(path)
    by_duckdb = duckdb.read_csv(str(path)).fetchdf()
    assert len(by_pandas) == len(by_duckdb) == parquet.num_rows > 0
    # the same columns in the same order: shown labels in the CSV, contract names in the Parquet
    labels = [cases.column_label(name, lang) for name in parquet.column_names]
    assert list(by_pandas.columns) == list(by_duckdb.columns) == labels
    assert parquet.column_names == [name for name, _ in cases.COLUMNS]


def test_cli_csv_export_reads_with_default_options(odd_names: Database, tmp_path: Path) -> None:
    out, parquet = tmp_path / "cases.csv", tmp_path / "cases.parquet"
    odd_names.close()  # the CLI opens the file itself
    for path, fmt in ((out, "csv"), (parquet, "parquet")):
        assert (
            main(["export", "--db", odd_names.path, "--format", fmt, "--out", str(path), "--from", "2000-01-01"]) == 0
        )
    expected = pq.read_table(parquet).num_rows
    assert len(pd.read_csv(out)) == len(duckdb.read_csv(str(out)).fetchdf()) == expected


def test_download_file_names_say_what_they_hold() -> None:
    name = export.file_name(
        "cases", "csv", filters=Filters(date_from=dt.date(2025, 12, 1), date_to=dt.date(2026, 11, 30)), version=7
    )
    assert name == "casewatch_cases_2025-12_2026-11_v7.csv"
    assert export.file_name("roster", "xlsx", version=3, member_id="M/1 x") == "casewatch_roster_v3_M-1-x.xlsx"
