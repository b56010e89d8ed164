"""Reading while an import writes: every page sees the data of one version, never a mix; a
second import waits for the first; another process's import is refused with a clear message."""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from casewatch import errors
from casewatch.access import SYSTEM
from casewatch.db import Database
from casewatch.filters import Filters
from casewatch.i18n import t
from casewatch.ingest import import_files
from casewatch.ui import context, freshness
from tests.support.apptest import PAGES, open_page
from tests.support.apptest import errors as page_errors
from tests.support.databases import FIXTURES

ROOT = Path(__file__).resolve().parent.parent.parent
PARAMS = Filters(date_from=dt.date(2024, 1, 1), date_to=dt.date(2024, 12, 31)).params()
CASES_PER_FILE = 3


def week_file(folder: Path, week: int) -> Path:
    """A cases file of CASES_PER_FILE new Schedule A cases filed in March 2024 (inside PARAMS)."""
    header = (FIXTURES / "tiny" / "cases.csv").read_text(encoding="utf-8").splitlines()[0]
    rows = [
        f"ilnd:1:24-cv-{week:03d}{i:02d},ilnd,US,1:24-cv-{week:03d}{i:02d},Gamma v. Schedule A,2024-03-{1 + i:02d},,"
        "Gamma Co,Gamma,Firm C,trademark,schedule_a,S0201,840 Trademark,test,"
        for i in range(CASES_PER_FILE)
    ]
    path = folder / f"week{week}.csv"
    path.write_text(header + "\n" + "\n".join(rows) + "\n", encoding="utf-8")
    return path


def cases_at(db: Database, version: int) -> tuple[int, int]:
    """What one page of two queries shows at ``version``: (KPI cases, sum of the monthly trend)."""
    kpis = db.query_at(version, "overview/kpis", **PARAMS)
    monthly = db.query_at(version, "overview/monthly", **PARAMS)
    return int(kpis.iloc[0]["cases"]), int(monthly["cases"].sum())


def test_query_at_a_stale_version_is_refused(tiny_db: Database, tmp_path: Path) -> None:
    version = tiny_db.data_version()
    before = cases_at(tiny_db, version)
    assert before == (4, 4)  # tiny: four cases filed in 2024, C4 in December 2023
    import_files(tiny_db, [week_file(tmp_path, 1)])
    with pytest.raises(errors.DataChanged) as caught:
        cases_at(tiny_db, version)
    assert caught.value.fmt == {"found": version + 1, "expected": version}
    assert cases_at(tiny_db, version + 1) == (7, 7)


def test_cached_result_is_never_filed_under_the_old_version(
    tiny_db: Database, tmp_path: Path, fresh_caches: None
) -> None:
    path = tiny_db.path
    tiny_db.close()
    db = context.database(path)
    version = db.data_version()
    import_files(db, [week_file(tmp_path, 1)])
    for _attempt in range(2):  # refused, and not cached: refused again
        with pytest.raises(errors.DataChanged):
            context._cached_query(path, version, SYSTEM, "overview/kpis", PARAMS)
    new = context._cached_query(path, version + 1, SYSTEM, "overview/kpis", PARAMS)
    assert int(new.iloc[0]["cases"]) == 7


def test_pages_read_one_version_while_imports_commit(tiny_db: Database, tmp_path: Path) -> None:
    """Readers on two threads run 'pages' (a version read, then two queries at it, retried on
    DataChanged as the UI reruns) while this thread imports three files."""
    first = tiny_db.data_version()
    seen: list[tuple[int, tuple[int, int]]] = []
    failures: list[BaseException] = []
    done = threading.Event()

    def reader() -> None:
        try:
            while not done.is_set():
                version = tiny_db.data_version()
                try:
                    seen.append((version, cases_at(tiny_db, version)))
                except errors.DataChanged:
                    continue  # the page reruns at the new version
        except BaseException as exc:  # reported by the assertion below
            failures.append(exc)

    readers = [threading.Thread(target=reader) for _ in range(2)]
    for thread in readers:
        thread.start()
    try:
        for week in range(1, 4):
            import_files(tiny_db, [week_file(tmp_path, week)])
            time.sleep(0.05)
    finally:
        done.set()
        for thread in readers:
            thread.join()
    assert not failures
    assert tiny_db.data_version() == first + 3
    for version, shown in seen:
        expected = 4 + CASES_PER_FILE * (version - first)
        assert shown == (expected, expected), (version, shown)
    assert len({version for version, _ in seen}) >= 2, "readers ran across imports"


def test_page_whose_version_went_stale_reruns_at_the_new_one(
    tiny_db: Database, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, fresh_caches: None
) -> None:
    """The run reads the version just before an import commits: its queries find a newer snapshot,
    and the page is drawn again, all of it at the new version."""
    stale = tiny_db.data_version()
    import_files(tiny_db, [week_file(tmp_path, 1)])
    tiny_db.close()
    real = Database.data_version
    calls: list[int] = []

    def version_read_before_the_commit(db: Database) -> int:
        calls.append(1)
        return stale if len(calls) == 1 else real(db)

    monkeypatch.setattr(Database, "data_version", version_read_before_the_commit)
    monkeypatch.setenv("CASEWATCH_DB", tiny_db.path)
    at = open_page(lang="en", **{"from": "2024-01-01", "to": "2024-12-31"})
    assert not page_errors(at)
    assert len(calls) >= 2, "the stale run was dropped and the page ran again"
    assert at.metric[0].value == "7"
    assert any(f"Data version {stale + 1} " in c.value for c in at.sidebar.caption)


def test_second_import_in_the_same_process_waits(tiny_db: Database, tmp_path: Path) -> None:
    first = tiny_db.data_version()
    second_import = threading.Thread(target=import_files, args=(tiny_db, [week_file(tmp_path, 2)]))
    with tiny_db.write():  # an import in progress
        assert tiny_db.writing
        second_import.start()
        time.sleep(0.5)
        assert second_import.is_alive(), "the second import waits for the first"
    second_import.join(timeout=60)
    assert not second_import.is_alive() and not tiny_db.writing
    assert tiny_db.data_version() == first + 1
    assert cases_at(tiny_db, first + 1) == (7, 7)


def test_import_from_another_process_is_refused_clearly(tiny_db: Database, tmp_path: Path) -> None:
    """The app holds the database; a command-line import gets exit 2 and a message naming the holder."""
    version = tiny_db.data_version()
    command = [sys.executable, "-m", "casewatch", "import", "--db", tiny_db.path, str(week_file(tmp_path, 3))]
    result = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, check=False, timeout=120)
    assert result.returncode == 2
    assert f"locked by another process (PID {os.getpid()})" in result.stderr
    assert "Traceback" not in result.stderr
    assert tiny_db.data_version() == version


def test_every_page_shows_the_data_version_and_last_import(
    tiny_db: Database, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, fresh_caches: None
) -> None:
    import_files(tiny_db, [week_file(tmp_path, 1)])
    version = tiny_db.data_version()
    (last_import,) = tiny_db.sql('SELECT max("at") AS at FROM imports')["at"]
    tiny_db.close()
    monkeypatch.setenv("CASEWATCH_DB", tiny_db.path)
    completed = 0
    for page in PAGES:
        for lang in ("zh", "en") if page == PAGES[0] else ("zh",):
            at = open_page(page, lang=lang)
            assert not page_errors(at), page
            shown = t("app.data_version", lang, version=version, updated=str(last_import)[:16])  # to the minute
            assert shown in [c.value for c in at.sidebar.caption], (page, lang)
            # a page drawn to its end carries the hidden end-of-run mark with the same version
            # (casewatch/ui/freshness.py); one that ends with st.stop() has none
            marks = [e.proto.body for e in at.get("html") if freshness.MARK_ID in e.proto.body]
            assert len(marks) <= 1 and all(f'data-version="{version}"' in mark for mark in marks), page
            completed += len(marks)
    assert completed >= len(PAGES) // 2
