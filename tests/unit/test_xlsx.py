"""casewatch/xlsx.py: the streaming XLSX writer behind every table download. Its files read back
with openpyxl (as pandas and Excel's import read them) cell for cell, and are well-formed OOXML."""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from xml.etree import ElementTree

import openpyxl
import pandas as pd
import pytest

from casewatch import xlsx

ABOUT = [("Filters", "all <rows> & more"), ("Rows", "3")]


def workbook(frames: list[pd.DataFrame], **options: object) -> bytes:
    out = io.BytesIO()
    about = lambda n: [*ABOUT, ("Written", str(n))]  # noqa: E731
    rows = xlsx.write_workbook(frames, out, about, sheet="Cases", about_sheet="About", **options)  # type: ignore[arg-type]
    assert rows == sum(len(frame) for frame in frames)
    return out.getvalue()


def cells(data: bytes, sheet: int = 0) -> list[tuple[object, ...]]:
    return list(openpyxl.load_workbook(io.BytesIO(data)).worksheets[sheet].iter_rows(values_only=True))


def test_values_come_back_as_written() -> None:
    frame = pd.DataFrame(
        {
            "text": pd.Series(["深圳 & <Store>", "  padded  ", None], dtype="str"),
            "count": pd.Series([1, None, 2**53 + 1], dtype="Int64"),
            "usd": [1200.0, float("nan"), -0.125],
            "filed": [dt.date(2024, 1, 31), None, dt.date(1900, 2, 28)],
            "at": pd.to_datetime(["2024-02-29 13:30", None, "2024-03-01 00:00"]).tz_localize("UTC"),
            "flag": [True, False, None],
            "mixed": [1, "two", 3.5],
        }
    )
    rows = cells(workbook([frame.iloc[:2], frame.iloc[2:]]))  # two batches, one sheet
    assert rows[0] == ("text", "count", "usd", "filed", "at", "flag", "mixed")
    # a column of mixed values keeps each one's type
    assert rows[1] == ("深圳 & <Store>", 1, 1200, dt.datetime(2024, 1, 31), dt.datetime(2024, 2, 29, 13, 30), True, 1)
    assert rows[2] == ("  padded  ", None, None, None, None, False, "two")
    # integers exactly; a date before Excel's phantom 1900-02-29 where Excel shows it
    assert rows[3] == (None, 2**53 + 1, -0.125, dt.datetime(1900, 2, 28), dt.datetime(2024, 3, 1), None, 3.5)


def test_text_excel_would_misread_is_escaped() -> None:
    long = "长" * 40_000
    frame = pd.DataFrame({"text": pd.Series(["a\x01b", "_x0041_", "tab\tand\nline", long], dtype="str")})
    data = workbook([frame])
    sheet = zipfile.ZipFile(io.BytesIO(data)).read("xl/worksheets/sheet1.xml").decode()
    assert ">a_x0001_b<" in sheet and ">_x005F_x0041_<" in sheet and ">tab\tand\nline<" in sheet
    assert cells(data)[4][0] == "长" * xlsx.MAX_TEXT  # cut to what a cell holds


def test_rows_continue_on_new_sheets_and_the_about_sheet_comes_last() -> None:
    frame = pd.DataFrame({"n": range(5)})
    data = workbook([frame, frame], max_rows=4)
    book = openpyxl.load_workbook(io.BytesIO(data))
    assert book.sheetnames == ["Cases", "Cases 2", "Cases 3", "About"]
    assert [[row[0] for row in sheet.iter_rows(values_only=True)] for sheet in book.worksheets[:3]] == [
        ["n", 0, 1, 2, 3],
        ["n", 4, 0, 1, 2],
        ["n", 3, 4],
    ]
    assert all(sheet.freeze_panes == "A2" and sheet["A1"].font.b for sheet in book.worksheets[:3])
    about = book["About"]
    assert list(about.iter_rows(values_only=True)) == [*ABOUT, ("Written", "10")]
    assert about["A1"].font.b and not about["B1"].font.b


def test_an_empty_table_still_has_its_header() -> None:
    assert cells(workbook([pd.DataFrame({"case": pd.Series([], dtype="str")})])) == [("case",)]


def test_every_part_is_well_formed_and_declared() -> None:
    package = zipfile.ZipFile(io.BytesIO(workbook([pd.DataFrame({"a": ["x"]})], max_rows=1)))
    for name in package.namelist():
        ElementTree.fromstring(package.read(name))  # noqa: S314 - our own file; raises on malformed XML
    names = package.namelist()
    types = package.read("[Content_Types].xml").decode()
    assert all(f'PartName="/{name}"' in types for name in names if name.startswith("xl/") and "_rels" not in name)
    links = package.read("xl/_rels/workbook.xml.rels").decode()
    assert all(f'Target="{name[3:]}"' in links for name in names if name.startswith("xl/worksheets/"))


@pytest.mark.parametrize("name", ["", "a" * 32, "Cases [1]", "a/b", "'quoted'"])
def test_sheet_names_excel_refuses_are_refused(name: str) -> None:
    with pytest.raises(ValueError, match="sheet name"):
        xlsx.write_workbook([pd.DataFrame({"a": [1]})], io.BytesIO(), lambda n: [], sheet=name, about_sheet="About")
