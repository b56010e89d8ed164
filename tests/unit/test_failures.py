"""Failure modes: a database file missing, locked, not a database or from a newer CaseWatch; a
second process on the same file; an upload that is not what its extension says. Each ends in a
clear, translated message, never a traceback."""

from __future__ import annotations

import io
import logging
import subprocess
import sys
import tomllib
import traceback
import zipfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import duckdb
import pandas as pd
import pytest

from casewatch import errors, schema
from casewatch.db import Database, open_for_app
from casewatch.i18n import t
from casewatch.ingest import sniff
from casewatch.sql import load_sql
from casewatch.ui import blocks, context, failures, first_paint
from casewatch.ui.literal import literal
from tests.support.apptest import ROOT, open_page
from tests.support.apptest import errors as page_errors
from tests.support.databases import FIXTURES


@contextmanager
def held(path: str, *, read_only: bool) -> Iterator[int]:
    """Another process holding the database file open (read-write or read-only); yields its PID."""
    code = (
        "import duckdb, sys, time; c = duckdb.connect(sys.argv[1], read_only=sys.argv[2] == 'ro'); "
        "print('held', flush=True); time.sleep(120)"
    )
    holder = subprocess.Popen(
        [sys.executable, "-c", code, path, "ro" if read_only else "rw"], stdout=subprocess.PIPE, text=True
    )
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "held"
        yield holder.pid
    finally:
        holder.kill()
        holder.wait()


def can_open_elsewhere(path: str) -> bool:
    """True when another process can open the file read-write (nothing here still holds it)."""
    code = "import duckdb, sys; duckdb.connect(sys.argv[1]).close()"
    return subprocess.run([sys.executable, "-c", code, path], capture_output=True, check=False).returncode == 0


def newer_schema(path: str) -> None:
    Database(path).close()
    con = duckdb.connect(path)
    con.execute(load_sql("schema/record_version"), {"version": schema.latest_version() + 1})
    con.close()


# --- the data layer -------------------------------------------------------------------------------


def test_missing_file_is_not_created_by_the_app(tmp_path: Path) -> None:
    path = tmp_path / "absent.duckdb"
    with pytest.raises(errors.DatabaseMissing) as caught:
        open_for_app(str(path))
    assert caught.value.fmt == {"path": str(path)}
    assert not path.exists()


def test_not_a_database(tmp_path: Path) -> None:
    for content in (b"case_id,court\nC1,ilnd\n", b"\x00" * 4096, b""):
        path = tmp_path / "notes.duckdb"
        path.write_bytes(content)
        if content:
            with pytest.raises(errors.NotADatabase):
                open_for_app(str(path))
            assert path.read_bytes() == content  # left as it was


@pytest.mark.parametrize("name", ["cases.csv", "cases.parquet", "cases.json", "notes.txt"])
def test_a_data_file_given_as_the_database_is_refused(
    tmp_path: Path, name: str, capsys: pytest.CaptureFixture[str]
) -> None:
    """DuckDB opens a CSV/Parquet/JSON path as an in-memory database (the file as a view): an import
    "into" it would report success and keep nothing. Refused, and the file left as it was."""
    from casewatch.__main__ import main

    path = tmp_path / name
    source = tmp_path / "case.csv"
    source.write_text("case_id,court,docket_number,filed_on\nilnd:1:24-cv-00001,ilnd,1:24-cv-00001,2024-01-02\n")
    if name.endswith(".parquet"):
        pd.DataFrame({"case_id": ["ilnd:1:24-cv-00001"]}).to_parquet(path)
    elif name.endswith(".json"):
        path.write_text('[{"case_id": "ilnd:1:24-cv-00001"}]')
    else:
        path.write_bytes(source.read_bytes())
    content = path.read_bytes()
    with pytest.raises(errors.NotADatabase):
        open_for_app(str(path))
    with pytest.raises(errors.NotADatabase):
        Database(str(path))
    assert main(["import", "--db", str(path), str(source)]) == 2
    assert "DuckDB" in capsys.readouterr().err
    assert path.read_bytes() == content


def test_newer_schema_is_refused_and_the_file_released(tmp_path: Path) -> None:
    path = str(tmp_path / "new.duckdb")
    newer_schema(path)
    with pytest.raises(errors.SchemaTooNew) as caught:
        open_for_app(path)
    assert caught.value.fmt == {"found": schema.latest_version() + 1, "known": schema.latest_version()}
    assert can_open_elsewhere(path)  # the refused connection was closed, not left holding the lock


def test_file_written_by_another_process_is_locked_with_its_pid(tiny_db: Database) -> None:
    tiny_db.close()
    with held(tiny_db.path, read_only=False) as pid, pytest.raises(errors.DatabaseLocked) as caught:
        open_for_app(tiny_db.path)
    assert caught.value.fmt == {"path": tiny_db.path, "pid": str(pid)}
    assert f"PID {pid}" in failures.message(caught.value, "en")
    assert f"进程号 {pid}" in failures.message(caught.value, "zh")


def test_file_read_by_another_process_opens_read_only(tiny_db: Database, q1_2024: dict[str, object]) -> None:
    tiny_db.close()
    with held(tiny_db.path, read_only=True):
        db = open_for_app(tiny_db.path)
        try:
            assert db.read_only
            assert int(db.query("overview/kpis", **q1_2024).iloc[0]["cases"]) == 4
            with pytest.raises(errors.DatabaseReadOnly), db.write():
                pass
        finally:
            db.close()


def test_every_error_key_is_translated() -> None:
    classes = [errors.DatabaseMissing, errors.DatabaseLocked, errors.NotADatabase, errors.SchemaTooNew]
    classes += [errors.DatabaseReadOnly, errors.DataChanged]
    for cls in classes:
        exc = cls("x", path="/p", pid="7", found=9, known=5, expected=1)
        for lang in ("zh", "en"):
            assert failures.message(exc, lang).strip()


# --- the app ---------------------------------------------------------------------------------------


def open_on(path: str, monkeypatch: pytest.MonkeyPatch, lang: str) -> list[str]:
    monkeypatch.setenv("CASEWATCH_DB", path)
    at = open_page(lang=lang)
    assert not at.exception, [e.value for e in at.exception]
    assert not at.title, "no page renders on a database that failed"
    assert at.button(key="resilience_retry")
    return [e.value for e in at.error]


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_app_on_missing_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, fresh_caches: None, lang: str) -> None:
    path = str(tmp_path / "absent.duckdb")
    shown = open_on(path, monkeypatch, lang)
    assert shown == [failures.message(errors.DatabaseMissing("", path=path), lang)]
    assert t("error.db_missing", lang, path=literal(path)) in shown[0]  # the path as typed, not as markdown
    assert not Path(path).exists()


def test_an_error_screen_has_the_language_switch_from_the_first_run(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, fresh_caches: None
) -> None:
    # a fresh session's first screen leaves the switch for its next run (dashboard.py); an error
    # screen has none, so it draws the switch
    path = str(tmp_path / "absent.duckdb")
    monkeypatch.setenv("CASEWATCH_DB", path)
    at = open_page(stage=first_paint.FIRST_SCREEN, lang="en")  # a fresh session's first run
    assert [e.value for e in at.error] == [failures.message(errors.DatabaseMissing("", path=path), "en")]
    assert at.segmented_control(key="lang").value == "en"


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_app_on_file_that_is_not_a_database(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, fresh_caches: None, lang: str
) -> None:
    path = tmp_path / "cases.duckdb"
    path.write_text("case_id,court\nC1,ilnd\n", encoding="utf-8")
    shown = open_on(str(path), monkeypatch, lang)
    assert shown and shown[0].startswith(t("error.db_invalid", lang, path=literal(path)))


def test_app_on_newer_schema(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, fresh_caches: None) -> None:
    path = str(tmp_path / "new.duckdb")
    newer_schema(path)
    shown = open_on(path, monkeypatch, "en")
    known = schema.latest_version()
    assert shown and shown[0].startswith(t("error.schema_too_new", "en", found=known + 1, known=known))


def test_app_while_another_process_writes(
    tiny_db: Database, monkeypatch: pytest.MonkeyPatch, fresh_caches: None
) -> None:
    tiny_db.close()
    with held(tiny_db.path, read_only=False) as pid:
        shown = open_on(tiny_db.path, monkeypatch, "zh")
    assert shown and t("error.db_locked", "zh", path=literal(tiny_db.path)) in shown[0] and str(pid) in shown[0]


def test_app_beside_a_reading_process_is_read_only(
    tiny_db: Database, monkeypatch: pytest.MonkeyPatch, fresh_caches: None
) -> None:
    tiny_db.close()
    monkeypatch.setenv("CASEWATCH_DB", tiny_db.path)
    with held(tiny_db.path, read_only=True):
        at = open_page(lang="en", **{"from": "2024-01-01", "to": "2024-03-31"})
    assert not page_errors(at)
    assert [m.value for m in at.metric][:2] == ["4", "6"]
    assert t("resilience.read_only_notice", "en") in [w.value for w in at.sidebar.warning]


def test_app_recovers_once_the_file_appears(
    tiny_db: Database, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, fresh_caches: None
) -> None:
    tiny_db.close()
    path = tmp_path / "later.duckdb"
    monkeypatch.setenv("CASEWATCH_DB", str(path))
    at = open_page()
    assert at.error and not at.title
    Path(tiny_db.path).rename(path)  # e.g. restored from a backup while the page showed the error
    at.button(key="resilience_retry").click().run()
    assert not page_errors(at) and at.title[0].value == t("overview.title", "zh")


# --- an error no one planned for -------------------------------------------------------------------

PRIVATE_PATH = "/srv/private/member-4412.duckdb"


def boom(*args: object, **kwargs: object) -> None:
    raise RuntimeError(f"cannot read {PRIVATE_PATH}")


@pytest.mark.unexpected_error
@pytest.mark.parametrize("where", ["before the page", "in the page"])
def test_an_unexpected_error_shows_a_reference_not_its_details(
    tiny_db: Database,
    monkeypatch: pytest.MonkeyPatch,
    caplog: pytest.LogCaptureFixture,
    fresh_caches: None,
    where: str,
) -> None:
    # a bug's message or traceback may name a file, a query or another member's data: the reader
    # (a member too) gets a translated note and a reference, the server's log the traceback
    if where == "before the page":
        monkeypatch.setattr(context, "filter_options", boom)
    else:
        monkeypatch.setattr(blocks, "kpi_row", boom)
    monkeypatch.setenv("CASEWATCH_DB", tiny_db.path)
    with caplog.at_level(logging.ERROR, logger=failures.LOG.name):
        at = open_page()
    assert not at.exception
    logged = [r for r in caplog.records if r.name == failures.LOG.name]
    assert len(logged) == 1 and logged[0].exc_info is not None
    reference = str(logged[0].args[0])  # type: ignore[index]
    assert len(reference) == 8
    assert [e.value for e in at.error] == [t("resilience.unexpected", "zh", reference=reference)]
    assert PRIVATE_PATH not in at.error[0].value and "RuntimeError" not in at.error[0].value
    assert PRIVATE_PATH in "".join(traceback.format_exception(*logged[0].exc_info))
    assert at.button(key="unexpected_retry")
    # the page had drawn its title when its KPI row failed; before the page, nothing of it
    assert [x.value for x in at.title] == ([t("overview.title", "zh")] if where == "in the page" else [])


def test_an_error_that_escapes_shows_no_details() -> None:
    # what dashboard.py does not catch (a widget's callback, a fragment's rerun) Streamlit shows
    # with its own generic note
    config = tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text(encoding="utf-8"))
    assert config["client"]["showErrorDetails"] == "none"


# --- uploads that are not what their extension says ------------------------------------------------


def xlsx_bytes() -> bytes:
    from openpyxl import Workbook

    book = Workbook()
    book.active.append(["case_id", "court"])  # type: ignore[union-attr]
    buffer = io.BytesIO()  # in memory: tests running in parallel shared one file here
    book.save(buffer)
    return buffer.getvalue()


CASES_CSV = (FIXTURES / "tiny" / "cases.csv").read_bytes()
PNG = (Path(__file__).resolve().parent.parent.parent / "data" / "icon.png").read_bytes()
PDF = b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog >>\nendobj\n"
HTML = b"<!DOCTYPE html>\n<html><head><title>Sign in</title></head><body>Session expired</body></html>\n"


@pytest.mark.parametrize(
    ("head", "content"),
    [
        (CASES_CSV, "text"),
        ("case_id,court\n".encode("utf-16"), "text"),
        ("案号,法院\n".encode("gb18030"), "text"),
        (PNG, "image"),
        (PDF, "pdf"),
        (HTML, "html"),
        (b'  {"docket_number": "1:24-cv-1"}', "json"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 100, "xls"),
        (b"\x1f\x8b\x08\x00" + b"\x00" * 10, "gzip"),
        (b"\x00\x01\x02garbage", "binary"),
    ],
)
def test_sniff(head: bytes, content: str) -> None:
    assert sniff.sniff(head) == content


def test_sniff_tells_a_workbook_from_another_zip(tmp_path: Path) -> None:
    assert sniff.sniff(xlsx_bytes()) == "xlsx"
    other = tmp_path / "photos.zip"
    with zipfile.ZipFile(other, "w") as archive:
        archive.writestr("a.txt", "hello")
    assert sniff.sniff(other.read_bytes()) == "zip"


@pytest.mark.parametrize(
    ("name", "content", "actual"),
    [
        ("cases.xlsx", CASES_CSV, "text"),
        ("cases.csv", xlsx_bytes(), "xlsx"),
        ("cases.csv", PDF, "pdf"),
        ("cases.csv", PNG, "image"),
        ("cases.xlsx", HTML, "html"),
        ("cases.xls", xlsx_bytes(), "xlsx"),
        ("docket.json", CASES_CSV, "text"),
    ],
)
def test_upload_with_wrong_extension_is_named(tmp_path: Path, name: str, content: bytes, actual: str) -> None:
    path = tmp_path / "upload.bin"
    path.write_bytes(content)
    with pytest.raises(sniff.ContentMismatch) as caught:
        sniff.check_upload(path, name)
    assert caught.value.fmt["actual"] == actual
    assert caught.value.describe("en").startswith(f"{name} is named {Path(name).suffix} but contains")
    assert t(f"resilience.content.{actual}", "zh") in caught.value.describe("zh")


def test_upload_matching_its_extension_passes(tmp_path: Path) -> None:
    for name, content in (("cases.csv", CASES_CSV), ("cases.xlsx", xlsx_bytes()), ("d.json", b"[]"), ("x.dat", PDF)):
        path = tmp_path / name
        path.write_bytes(content)
        sniff.check_upload(path)  # .dat is not an import extension: left to the readers


@pytest.mark.parametrize(
    ("name", "content"),
    [("cases.xlsx", CASES_CSV), ("cases.csv", PDF), ("cases.csv", PNG), ("cases.csv", xlsx_bytes()), ("c.xlsx", HTML)],
)
def test_import_of_a_disguised_file_is_refused_and_changes_nothing(
    tiny_db: Database, tmp_path: Path, name: str, content: bytes
) -> None:
    from casewatch.ingest import import_files
    from casewatch.ingest.errors import ImportRejected

    path = tmp_path / name
    path.write_bytes(content)
    version = tiny_db.data_version()
    with pytest.raises(ImportRejected) as caught:
        import_files(tiny_db, [path])
    (report,) = caught.value.report.files
    assert report.status == "refused" and report.refused is not None
    assert report.summary("zh") and report.summary("en")
    assert tiny_db.data_version() == version
