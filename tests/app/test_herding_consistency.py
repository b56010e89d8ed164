"""The Herding page at one data version shows one thing: the results computed for that version, or
the previous results labelled stale. Imports recompute the herding cache after they commit (a
second transaction), so every interleaving of a page with that recompute is played here in order,
with threading events where a page must run while the recompute is under way."""

from __future__ import annotations

import datetime as dt
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
import streamlit as st
from streamlit.testing.v1 import AppTest

from casewatch import errors, herding
from casewatch.db import Database
from casewatch.facts import bump_data_version
from casewatch.ingest import import_files
from casewatch.progress import QUIET, Progress
from casewatch.ui import context
from tests.support.apptest import errors as page_errors
from tests.support.apptest import open_page
from tests.support.databases import FIXTURES
from tests.unit.test_herding_pipeline import PERIOD, SMALL_CELLS, build

WIDE = {"date_from": dt.date(2000, 1, 1), "date_to": dt.date(2030, 12, 31)}
# what the page reads of one run (besides the run id)
PAGE_QUERIES = (
    ("herding/summary", {}),
    (
        "herding/waves",
        {"kinds": ["brand", "firm"], "patterns": ["wave", "cohort"], "brands": [], "firms": [], "cities": [],
         "sectors": [], **WIDE},
    ),
    ("herding/cohorts", {}),
    ("herding/late_follower_list", {"brands": [], "limit": 100, **WIDE}),
)


def new_case_file(folder: Path) -> Path:
    """A cases file with one new Alpha case in March 2024: an import that bumps the data version."""
    header = (FIXTURES / "herding" / "cases.csv").read_text(encoding="utf-8").splitlines()[0]
    row = (
        "ilnd:1:24-cv-00901,ilnd,US,1:24-cv-00901,Alpha Inc v. Schedule A,2024-03-15,,Alpha Inc,Alpha,"
        "Firm One,trademark,schedule_a,S0401,840 Trademark,test,"
    )
    path = folder / "alpha_march.csv"
    path.write_text(f"{header}\n{row}\n", encoding="utf-8")
    return path


@pytest.fixture
def app_db(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Database]:
    """The herding fixture without a herding cache, opened as the app opens it (one shared connection)."""
    build(tmp_path / "app.duckdb").close()
    path = str(tmp_path / "app.duckdb")
    monkeypatch.setenv("CASEWATCH_DB", path)
    st.cache_data.clear()
    st.cache_resource.clear()
    yield context.database(path)
    st.cache_data.clear()
    st.cache_resource.clear()


@pytest.fixture
def held_compute(monkeypatch: pytest.MonkeyPatch) -> Iterator[tuple[threading.Event, threading.Event]]:
    """herding.compute that signals ``started`` and then waits for ``release`` (the slow part of a
    recompute, made as long as the test needs)."""
    started, release = threading.Event(), threading.Event()
    real = herding.compute

    def held(db: Database, settings: herding.Settings = SMALL_CELLS, progress: Progress = QUIET) -> herding.Results:
        started.set()
        assert release.wait(20), "the test never released the computation"
        return real(db, SMALL_CELLS, progress)

    monkeypatch.setattr(herding.pipeline, "compute", held)  # refresh calls pipeline.compute
    yield started, release
    release.set()


def shown(at: AppTest) -> list[str]:
    """What a reader sees of the page: title, captions, notices, KPIs, headings, the sidebar version."""
    return (
        [e.value for e in at.title]
        + [e.value for e in at.caption]
        + [f"warning: {e.value}" for e in at.warning]
        + [f"info: {e.value}" for e in at.info]
        + [f"{m.label}={m.value}" for m in at.metric]
        + [e.value for e in at.subheader]
        + [c.value for c in at.sidebar.caption]
    )


def test_page_during_the_first_computation_shows_its_results(
    app_db: Database, tmp_path: Path, held_compute: tuple[threading.Event, threading.Event]
) -> None:
    """The load run's mix: a database without herding results imports a file; a page drawn while
    the recompute ran said 'not computed yet' at the new version, pages after it showed results.
    Now a page finding the computation under way waits for it."""
    started, release = held_compute
    importer = threading.Thread(target=import_files, args=(app_db, [new_case_file(tmp_path)]))
    importer.start()
    try:
        assert started.wait(20), "the import's recompute started"
        version = app_db.data_version()  # the import has committed; its recompute is running
        assert herding.cache_status(app_db).missing
        threading.Timer(0.5, release.set).start()
        during = open_page("pages/herding.py", lang="en", **PERIOD)
    finally:
        release.set()
        importer.join(timeout=30)
    after = open_page("pages/herding.py", lang="en", **PERIOD)
    assert not page_errors(during) and not page_errors(after)
    assert app_db.data_version() == version
    assert during.metric, "the page drawn during the recompute shows the results for its version"
    assert shown(during) == shown(after)


def test_recompute_is_under_way_from_the_commit_on(
    app_db: Database, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Between an import's commit and the start of its recompute a page used to find no results
    and no computation under way, and said 'not computed yet' at the new version. The import
    takes the recompute's turn before it commits, so a page sees the computation from then on."""
    seen: list[tuple[int, bool]] = []
    real = herding.refresh

    def observed(db: Database, **kwargs: object) -> herding.CacheStatus:
        seen.append((db.data_version(), herding.refreshing(db)))  # the moment after the commit
        return real(db, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(herding, "refresh", observed)
    before = app_db.data_version()
    import_files(app_db, [new_case_file(tmp_path)])
    assert seen == [(before + 1, True)]
    assert not herding.refreshing(app_db)  # let go once the results are stored
    assert herding.cache_status(app_db).fresh


def test_import_from_the_app_returns_before_the_recompute(
    app_db: Database, tmp_path: Path, held_compute: tuple[threading.Event, threading.Event]
) -> None:
    """The Data page's import answers once committed; the recompute goes on in the background
    (held here until released) and a page meanwhile waits for it, then shows its results."""
    started, release = held_compute
    report = import_files(app_db, [new_case_file(tmp_path)], herding_in_background=True)
    try:
        assert report.committed and report.data_version == app_db.data_version()
        assert "herding" not in report.stage_seconds
        assert started.wait(20) and herding.refreshing(app_db)
        assert herding.cache_status(app_db).missing
        threading.Timer(0.5, release.set).start()
        during = open_page("pages/herding.py", lang="en", **PERIOD)
    finally:
        release.set()
    assert herding.wait_for_refresh(app_db, 20)
    assert herding.cache_status(app_db).fresh
    after = open_page("pages/herding.py", lang="en", **PERIOD)
    assert during.metric and shown(during) == shown(after)


def test_failed_commit_lets_the_recompute_turn_go(
    app_db: Database, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def refuse(con: object) -> None:
        raise RuntimeError("disk full")

    monkeypatch.setattr("casewatch.ingest.pipeline._log", lambda con, report, lang: refuse(con))
    with pytest.raises(RuntimeError):
        import_files(app_db, [new_case_file(tmp_path)])
    assert not herding.refreshing(app_db)


def test_page_during_a_recompute_shows_the_previous_results_labelled(
    app_db: Database, tmp_path: Path, held_compute: tuple[threading.Event, threading.Event]
) -> None:
    started, release = held_compute
    release.set()
    herding.refresh(app_db, settings=SMALL_CELLS)
    release.clear()
    started.clear()
    before = open_page("pages/herding.py", lang="en", **PERIOD)
    importer = threading.Thread(target=import_files, args=(app_db, [new_case_file(tmp_path)]))
    importer.start()
    try:
        assert started.wait(20)
        during = open_page("pages/herding.py", lang="en", **PERIOD)
    finally:
        release.set()
        importer.join(timeout=30)
    assert not page_errors(during)
    version = app_db.data_version()
    notices = " ".join(w.value for w in during.warning)
    assert f"computed for data version {version - 1}; the data is now at version {version}" in notices
    assert [m.value for m in during.metric] == [m.value for m in before.metric]  # the previous results, whole


def test_previous_results_stay_whole_while_a_recompute_replaces_them(tmp_path: Path) -> None:
    """A page that found the cache stale reads the previous run; the recompute committing meanwhile
    must not empty that run under it (its results would be cached at the new version, half empty)."""
    with build(tmp_path / "herding.duckdb") as db:
        previous = herding.refresh(db, settings=SMALL_CELLS)
        with db.write() as con:  # an import has committed; its recompute has not begun
            bump_data_version(con)
        version = db.data_version()
        stale = herding.cache_status(db, version)
        assert not stale.fresh and stale.run_id == previous.run_id

        def page() -> list[list[str]]:
            return [
                [str(row) for row in db.query_at(version, name, run=stale.run_id, **params).itertuples(index=False)]
                for name, params in PAGE_QUERIES
            ]

        before = page()
        assert before[1] and before[2] and before[3], "the fixture has waves, cohorts and late followers"
        assert herding.refresh(db, settings=SMALL_CELLS).fresh  # the recompute commits a new run
        assert page() == before


def test_cache_state_is_read_at_the_page_version(tmp_path: Path) -> None:
    """The page's version and the cache's state come from one snapshot: a page whose version went
    stale is told so (and reruns) instead of labelling results with a version it does not show."""
    with build(tmp_path / "herding.duckdb") as db:
        herding.refresh(db, settings=SMALL_CELLS)
        version = db.data_version()
        assert herding.cache_status(db, version).fresh
        import_files(db, [new_case_file(tmp_path)])
        with pytest.raises(errors.DataChanged):
            herding.cache_status(db, version)
        assert herding.cache_status(db, version + 1).fresh


def test_concurrent_recomputes_store_one_run(tmp_path: Path) -> None:
    """An import's recompute and an analyst's recompute button at once: one computation, one run."""
    with build(tmp_path / "herding.duckdb") as db:
        results: list[herding.CacheStatus] = []
        threads = [
            threading.Thread(target=lambda: results.append(herding.refresh(db, settings=SMALL_CELLS))) for _ in range(2)
        ]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=30)
        assert [s.run_id for s in results] == [1, 1]
        assert int(db.sql("SELECT count(*) FROM herding_runs").iloc[0, 0]) == 1
