"""Every file of the bad-file corpus gives its expected error and leaves the database's content
exactly as it was (every table, the imports log and the data version included)."""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from pathlib import Path

import pytest

from casewatch.db import Database
from casewatch.ingest import ImportRejected, import_files
from tests.support.databases import FIXTURES, load_csv_tables
from tests.support.make_bad_files import CORPUS, BadFile, write_corpus


def content_digest(db: Database) -> str:
    """SHA-256 over every table's rows (sorted), so two databases with equal content agree."""
    digest = hashlib.sha256()
    tables = db.sql("SELECT table_name FROM duckdb_tables() WHERE NOT temporary ORDER BY table_name")
    for table in tables["table_name"]:
        digest.update(table.encode())
        rows = db.sql(f'SELECT * FROM "{table}" ORDER BY ALL')
        digest.update(rows.to_csv(index=False).encode())
    return digest.hexdigest()


@pytest.fixture(scope="module")
def shared_db(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Database]:
    """One tiny database for the whole corpus: each test checks that it stays unchanged."""
    db = Database(str(tmp_path_factory.mktemp("bad_db") / "tiny.duckdb"))
    load_csv_tables(db, FIXTURES / "tiny")
    yield db
    db.close()


@pytest.fixture(scope="module")
def loaded(shared_db: Database) -> str:
    """The shared database's digest as loaded, taken once: each test compares its content after
    the import with it (a test that changed it fails, and so do those after it)."""
    return content_digest(shared_db)


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("bad_files")
    write_corpus(folder)
    return folder


def test_corpus_is_large_enough() -> None:
    assert len(CORPUS) >= 30
    assert len({bad.name for bad in CORPUS}) == len(CORPUS)


@pytest.mark.parametrize("bad", CORPUS, ids=[bad.name for bad in CORPUS])
def test_bad_file_is_rejected_and_changes_nothing(shared_db: Database, loaded: str, corpus: Path, bad: BadFile) -> None:
    with pytest.raises(ImportRejected) as raised:
        import_files(shared_db, [corpus / bad.name], **bad.options)  # type: ignore[arg-type]
    report = raised.value.report
    assert not report.committed
    last = report.files[-1]
    if bad.expect[0] == "refused":
        assert last.refused is not None, last.summary("en")
        assert last.refused.code == bad.expect[1]
        assert last.refused.describe("zh") and last.refused.describe("en")
    else:
        _, row, column, reason = bad.expect
        found = [(e.row, e.column, e.reason) for e in last.errors]
        assert (row, column, reason) in found, found
        error = next(e for e in last.errors if (e.row, e.column, e.reason) == (row, column, reason))
        # the message names row and column in both languages
        assert str(row) in error.message("zh") and str(row) in error.message("en")
    assert content_digest(shared_db) == loaded


def test_pdf_renamed_csv_is_refused_naming_what_it_holds(shared_db: Database, loaded: str, corpus: Path) -> None:
    version = shared_db.data_version()
    with pytest.raises(ImportRejected) as raised:
        import_files(shared_db, [corpus / "scanned_complaint.csv"])
    (report,) = raised.value.report.files
    assert report.status == "refused" and report.refused is not None
    assert report.refused.describe("en") == (
        "scanned_complaint.csv is named .csv but contains a PDF document. "
        "Save it in its real format and import it again."
    )
    assert report.refused.describe("zh") == (
        "文件 scanned_complaint.csv 的扩展名是 .csv，但内容实际是PDF 文档。请按实际格式另存后再导入。"
    )
    assert report.summary("zh") == report.refused.describe("zh")
    assert content_digest(shared_db) == loaded and shared_db.data_version() == version


def test_skip_invalid_imports_valid_rows_and_writes_rejected_ones(tiny_db: Database, tmp_path: Path) -> None:
    source = tmp_path / "mixed.csv"
    source.write_text(
        "case_id,defendant_no,store_name,platform,frozen_usd\n"
        'ilnd:1:24-cv-00001,7,Good Shop,amazon,"$1,200"\n'
        "ilnd:1:24-cv-00001,8,Bad Shop,amazon,-3\n"
        "ilnd:1:24-cv-00001,9,Also Good,temu,1.5万\n",
        encoding="utf-8",
    )
    report = import_files(tiny_db, [source], skip_invalid=True, rejected_dir=tmp_path / "out")
    file_report = report.files[0]
    assert (file_report.rows_in, file_report.rows_accepted, file_report.rows_rejected) == (3, 2, 1)
    assert file_report.status == "partial"
    stored = tiny_db.sql(
        "SELECT defendant_no, frozen_usd FROM defendants WHERE case_id = 'ilnd:1:24-cv-00001' AND defendant_no > 6 "
        "ORDER BY 1"
    )
    assert stored.values.tolist() == [[7, 1200.0], [9, 15000.0]]
    rejected = Path(file_report.rejected_path or "").read_text(encoding="utf-8-sig")
    assert "Bad Shop" in rejected and "金额不能为负数" in rejected
    log = tiny_db.sql("SELECT kind, rows_in, rows_accepted, rows_rejected, status FROM imports")
    assert log.values.tolist() == [["defendants", 3, 2, 1, "partial"]]
