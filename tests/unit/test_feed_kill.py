"""A sync killed with SIGKILL at ten points of a run (mid search, between pages, mid fetch, inside
the import's transaction, after its commit, before the run's log line) and run again ends with
the same database as a run never interrupted, and imports no docket twice.

The runs to be killed are ``python -m casewatch sync`` processes (forked, the CLI imported once);
CASEWATCH_FEED_KILL_AT=point:n makes one kill itself the nth time it passes a checkpoint
(casewatch/feed/faults.py checkpoint).
Four dockets, two search pages, two import transactions (--batch 2): requests 1-2 search, 3-5
the newest docket, 6-8 the next (then the first import), 9-14 the other two (the second import).
"""

from __future__ import annotations

import datetime as dt
import multiprocessing
import os
import signal
import sys
import types
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from casewatch.__main__ import main
from casewatch.db import Database
from casewatch.feed.client import Settings
from casewatch.feed.sync import sync
from casewatch.sql import ROOT
from tests.support import templates
from tests.support.databases import build_empty_file, fetch
from tests.support.feed_replay import TOKEN, Replay, base_url, schedule_a, serve, start_server

SINCE = "2024-05-01"
POINTS = (
    "request:1",  # the first search page asked, nothing stored
    "enqueued:1",  # the first page's dockets queued, the cursor past it
    "request:4",  # the newest docket fetched, its parties asked
    "fetched:1",  # one docket fetched in full, not imported
    "in_import:1",  # inside the first import's transaction, before its commit
    "imported:1",  # right after the first import's commit
    "request:9",  # fetching the third docket
    "fetched:3",  # the third docket fetched
    "in_import:2",  # inside the second import's transaction
    "finish:1",  # everything imported, the run's log line not yet written
)
# what a run must leave the same (times and run numbers aside)
SAME = {
    "cases": "SELECT * FROM cases ORDER BY ALL",
    "defendants": "SELECT {columns} FROM defendants ORDER BY ALL",
    "events": "SELECT * FROM events ORDER BY ALL",
    "aggregate_defendants": "SELECT * FROM aggregate_defendants ORDER BY ALL",
    "feed_dockets": "SELECT * EXCLUDE (imported_at, checked_at) FROM feed_dockets ORDER BY ALL",
    "feed_queue": "SELECT * EXCLUDE (enqueued_at) FROM feed_queue ORDER BY ALL",
    "cursor": "SELECT key, value FROM feed_state WHERE key NOT IN ('last_search_at') ORDER BY ALL",
    "docket_imports": (
        "SELECT source_name, rows_in, rows_accepted, status FROM imports WHERE kind = 'docket' ORDER BY ALL"
    ),
}


@pytest.fixture(scope="module")
def replay() -> Iterator[Replay]:
    for server in start_server():
        found = Replay(base_url(server), page_size=2)
        stores = ("Shenzhen Jiayi Store", "Dongguan Bright Shop")
        found.add(
            schedule_a(101, "1:24-cv-05001", "2024-05-20", "Alpha Inc"),
            schedule_a(102, "1:24-cv-05002", "2024-05-22", "Beta LLC", stores=stores),
            schedule_a(103, "1:24-cv-05003", "2024-05-24", "Gamma Co"),
            schedule_a(104, "1:24-cv-05004", "2024-05-26", "Delta Ltd", stores=stores),
        )
        serve(server, found)
        yield found


# drawn at random once per row where the schema has it (cell-key perturbation): not the data
RANDOM_COLUMNS = {"record_key"}


def contents(path: str) -> dict[str, Any]:
    with Database(path) as db:
        columns = [c for c in db.sql("SELECT * FROM defendants LIMIT 0").columns if c not in RANDOM_COLUMNS]
        return {name: fetch(db, sql.format(columns=", ".join(columns))) for name, sql in SAME.items()}


def run_in_process(path: str, replay: Replay) -> None:
    with Database(path) as db:
        settings = Settings(base_url=replay.base_url, token=TOKEN, limits=())
        report = sync(db, settings, since=dt.date.fromisoformat(SINCE), batch=2, lang="en")
        assert report.status == "ok", report


def run_cli(args: list[str], env: dict[str, str]) -> None:
    """``python -m casewatch`` with these arguments and environment, in the repository (a child)."""
    os.environ.update(env)
    os.chdir(ROOT)
    sys.exit(main(args))


@pytest.mark.slow
def test_killed_at_ten_points_and_run_again_equals_an_uninterrupted_run(
    replay: Replay, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    baseline = str(tmp_path / "baseline.duckdb")
    run_in_process(baseline, replay)
    expected = contents(baseline)
    assert len(expected["cases"]) == 4 and len(expected["docket_imports"]) == 4
    env = {
        "CASEWATCH_COURTLISTENER_TOKEN": TOKEN,
        "CASEWATCH_COURTLISTENER_LIMITS": "off",
        "CASEWATCH_INBOX_DIR": str(tmp_path / "inbox"),
    }
    paths = {point: str(tmp_path / f"killed-{point.replace(':', '-')}.duckdb") for point in POINTS}
    for path in paths.values():  # created (and migrated) here, once, and copied: the children only sync
        templates.copy_of("empty", build_empty_file, path)
    command = ["sync", "--base-url", replay.base_url, "--since", SINCE, "--batch", "2"]
    # each run is a process of its own, SIGKILLed at its point; forked from a server that has
    # imported the CLI once, instead of ten interpreters importing it (the import took most of
    # this test's time)
    processes = multiprocessing.get_context("forkserver")
    # the fork server runs the parent's __main__ first; in a worker that has run an app test before,
    # that is dashboard.py, which cannot run outside streamlit: give it an empty one
    monkeypatch.setitem(sys.modules, "__main__", types.ModuleType("__main__"))
    processes.set_forkserver_preload(["casewatch.__main__", "casewatch.cli.sync"])
    for group in (POINTS[:5], POINTS[5:]):  # five children at a time
        children = {
            point: processes.Process(
                target=run_cli, args=([*command, "--db", paths[point]], {**env, "CASEWATCH_FEED_KILL_AT": point})
            )
            for point in group
        }
        for child in children.values():
            child.start()
        try:
            for point, child in children.items():
                child.join(timeout=120)
                assert child.exitcode == -signal.SIGKILL, (point, child.exitcode)  # its stderr is above
        finally:
            for child in children.values():  # one that hangs must not keep pytest waiting at exit
                if child.is_alive():
                    child.kill()
                    child.join()
    for point, path in paths.items():
        run_in_process(path, replay)
        got = contents(path)
        for name in SAME:
            assert got[name] == expected[name], (point, name)
        with Database(path) as db:
            # each docket imported once; the killed run is marked interrupted, the rerun logged
            assert fetch(db, "SELECT max(imports) FROM feed_dockets") == [(1,)], point
            statuses = [s for (s,) in fetch(db, "SELECT status FROM feed_runs ORDER BY run_id")]
            assert statuses == ["interrupted", "ok"], (point, statuses)
