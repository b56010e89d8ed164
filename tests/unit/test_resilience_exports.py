"""Exports read one snapshot: an import committing while a case-table export streams out cannot
mix its rows in, and a download built after the page that offered it says which data version it
holds (and that the page showed an older one)."""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import openpyxl
import pandas as pd
import pyarrow.parquet as pq
import pytest

from casewatch import cases, export
from casewatch.access import SYSTEM
from casewatch.cases import TableRequest
from casewatch.db import Database
from casewatch.filters import Filters, Vocabulary
from casewatch.ingest import import_files
from casewatch.ui import case_views
from casewatch.ui.context import PageContext
from tests.queries.test_access import _with_db
from tests.unit.test_concurrency import week_file

WIDE = Filters(date_from=dt.date(2023, 1, 1), date_to=dt.date(2024, 12, 31))
TINY_ROWS = 9  # tiny: defendant rows of the cases filed in 2023-2024, and cases without any


def vocabulary(db: Database) -> Vocabulary:
    return Vocabulary.from_rows(db.query("reference/vocabulary").itertuples(index=False, name=None))


def rows_of(data: bytes) -> pd.DataFrame:
    return pd.read_csv(io.BytesIO(data), encoding="utf-8-sig", dtype=str)


def about_of(data: bytes) -> dict[str, str]:
    """The XLSX download's About sheet: label -> value."""
    book = openpyxl.load_workbook(io.BytesIO(data))
    return {str(row[0]): str(row[1]) for row in book.worksheets[-1].iter_rows(values_only=True)}


def test_export_is_one_snapshot_while_an_import_commits(
    tiny_db: Database, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Sorted by filing date the export writes month slices one after the other (newest first);
    an import committing after the first slice adds January 2024 cases, which a later slice would
    pick up at the new version while the file says the old one."""
    version = tiny_db.data_version()
    before = io.BytesIO()
    export.write_case_table(
        tiny_db, SYSTEM, WIDE, TableRequest(), "csv", before, lang="en", vocabulary=vocabulary(tiny_db)
    )
    monkeypatch.setattr(cases, "EXPORT_SLICE_ROWS", 1)  # a slice per month
    real = export._copied
    imported: list[int] = []

    def import_after_the_first_slice(*args: Any) -> int:
        written = real(*args)
        if not imported:
            imported.append(import_files(tiny_db, [january_file(tmp_path)]).data_version or 0)
        return written

    monkeypatch.setattr(export, "_copied", import_after_the_first_slice)
    during = io.BytesIO()
    export.write_case_table(
        tiny_db, SYSTEM, WIDE, TableRequest(), "csv", during, lang="en", vocabulary=vocabulary(tiny_db)
    )
    assert imported == [version + 1], "the import committed while the export streamed"
    assert len(rows_of(before.getvalue())) == TINY_ROWS
    assert rows_of(during.getvalue()).equals(rows_of(before.getvalue()))
    assert not rows_of(during.getvalue()).empty and "Data version" not in during.getvalue().decode("utf-8-sig")


def january_file(folder: Path) -> Path:
    """Three new cases filed in January 2024 (an older month than the export's first slice)."""
    path = week_file(folder, 7)
    path.write_text(path.read_text(encoding="utf-8").replace(",2024-03-", ",2024-01-"), encoding="utf-8")
    return path


@pytest.fixture
def page_then_import(tiny_db: Database, tmp_path: Path) -> Iterator[tuple[PageContext, int]]:
    """A Cases page drawn at the tiny database's version, then an import committing before its
    download button is clicked."""
    version = tiny_db.data_version()
    ctx = PageContext(tiny_db.path, version, "en", WIDE, vocabulary(tiny_db), dt.date(2024, 12, 31))
    import_files(tiny_db, [week_file(tmp_path, 1)])
    assert tiny_db.data_version() == version + 1
    yield ctx, version


def test_csv_download_after_an_import_holds_the_new_rows_under_its_header(
    tiny_db: Database, page_then_import: tuple[PageContext, int]
) -> None:
    """The CSV is data only (header first); the XLSX and Parquet say which version they hold."""
    ctx, _ = page_then_import
    data = case_views.download_payload(_with_db(ctx, tiny_db), TableRequest(), "csv")()
    assert data.decode("utf-8-sig").startswith("Case ID,Court,")
    assert len(rows_of(data)) == TINY_ROWS + 3  # the three new cases, without defendants


def test_xlsx_and_parquet_downloads_after_an_import_say_which_version_they_hold(
    tiny_db: Database, page_then_import: tuple[PageContext, int]
) -> None:
    ctx, version = page_then_import
    book = openpyxl.load_workbook(
        io.BytesIO(case_views.download_payload(_with_db(ctx, tiny_db), TableRequest(), "xlsx")())
    )
    about = {row[0]: row[1] for row in book.worksheets[-1].iter_rows(values_only=True)}
    assert about["Data version"] == str(version + 1)
    assert about["Data version of the page"] == str(version)
    parquet = pq.read_table(
        io.BytesIO(case_views.download_payload(_with_db(ctx, tiny_db), TableRequest(), "parquet")())
    )
    metadata = {k.decode(): v.decode() for k, v in (parquet.schema.metadata or {}).items()}
    assert metadata["casewatch.data_version"] == str(version + 1)
    assert metadata["casewatch.page_data_version"] == str(version)


def test_download_at_the_page_version_names_only_that_version(tiny_db: Database) -> None:
    version = tiny_db.data_version()
    ctx = PageContext(tiny_db.path, version, "en", WIDE, vocabulary(tiny_db), dt.date(2024, 12, 31))
    about = about_of(case_views.download_payload(_with_db(ctx, tiny_db), TableRequest(), "xlsx")())
    assert about["Data version"] == str(version)
    assert about["Scope"] == "analyst view (all data)"
    assert "Data version of the page" not in about


@pytest.mark.browser
def test_tables_offer_only_the_neutralised_downloads(page: object, live_app: object) -> None:
    """st.dataframe's own toolbar CSV (and cell copy) writes =HYPERLINK(...) cells as they are:
    config.toml switches it off (client.disableDataExport), the app's download buttons remain."""
    from tests.support.browser import wait_count, wait_ready

    page.goto(f"{live_app.url}/cases?from=2023-01-01&to=2024-12-31&lang=en")  # type: ignore[attr-defined]
    wait_ready(page)
    table = page.locator('[data-testid="stDataFrame"]').first  # type: ignore[attr-defined]
    table.hover()
    toolbar = page.locator('[data-testid="stElementToolbar"]').first  # type: ignore[attr-defined]
    toolbar.wait_for(state="visible")
    labels = toolbar.evaluate("e => Array.from(e.querySelectorAll('button')).map(b => b.getAttribute('aria-label'))")
    assert "Search" in labels and "Download as CSV" not in labels, labels
    wait_count(page, '[data-testid="stDownloadButton"]', 3)  # later runs draw the rest of the page
