"""Following imported dockets (casewatch/feed/follow.py) against the CourtListener v4 replay on
127.0.0.1: an old docket changed after the search window moved past it is fetched again; closed
dockets and those filed before the horizon are not checked; checks go oldest first, at most daily,
with the budget to spare only; a run killed (SIGKILL) while checking and run again ends as one
never interrupted. Answers worked out by hand from the replay's dockets and the fake clock."""

from __future__ import annotations

import datetime as dt
import multiprocessing
import os
import signal
import sys
import types
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import duckdb
import pytest
from pytest_httpserver import HTTPServer

from casewatch import schema
from casewatch.__main__ import main
from casewatch.db import Database
from casewatch.feed.budget import SYSTEM_CLOCK, parse_limits
from casewatch.feed.client import Settings
from casewatch.feed.sync import sync
from casewatch.sql import load_sql
from tests.support import templates
from tests.support.databases import build_empty_file, fetch
from tests.support.feed_replay import TOKEN, FakeClock, Replay, schedule_a
from tests.unit import test_feed
from tests.unit.test_feed import run

# the feed tests' fixtures: the replay server on 127.0.0.1, its handler, a fake clock, an empty database
server, replay, clock, db = test_feed.server, test_feed.replay, test_feed.clock, test_feed.db

UNSEALED = ("Shenzhen Jiayi Store", "Dongguan Bright Shop")
DAY = 86400


def docket_queries(server: HTTPServer, since: int = 0) -> list[tuple[str, str]]:
    """(path, query string) of the docket requests the server saw, from its ``since``-th request."""
    return [
        (request.path.rsplit("/", 2)[-2], request.query_string.decode())
        for request, _ in server.log[since:]
        if "/dockets/" in request.path
    ]


def test_an_old_docket_changed_after_the_search_window_moved_on_is_fetched_again(
    db: Database, replay: Replay, clock: FakeClock, server: HTTPServer
) -> None:
    replay.add(schedule_a(301, "1:24-cv-07001", "2024-05-27", "Alpha Inc"))
    assert run(db, replay, clock).imported == 1  # 06-01: the next search starts at 05-20
    clock.advance(21 * DAY)  # 06-22: a new filing moves the window to 06-13
    replay.add(schedule_a(302, "1:24-cv-07002", "2024-06-20", "Beta Inc"))
    second = run(db, replay, clock)
    # 301, imported 21 days ago and still open, is checked once: unchanged
    assert (second.imported, second.checked, second.queued) == (1, 1, 1)
    assert fetch(db, "SELECT value FROM feed_state WHERE key = 'search_since'") == [("2024-06-13",)]
    clock.advance(3 * DAY)  # 06-25: the schedule of 301 is unsealed
    replay.add(schedule_a(301, "1:24-cv-07001", "2024-05-27", "Alpha Inc", stores=UNSEALED,
                          modified="2024-06-25T10:10:00Z"))  # fmt: skip
    replay.log.clear()
    asked = len(server.log)
    third = run(db, replay, clock)
    # the search no longer reaches 301; both dockets are checked (last checked, or imported, three days
    # ago: the same instant, so by docket id), 301 has changed and is fetched again
    assert replay.paths() == [
        "search/", "dockets/301/", "dockets/302/", "dockets/301/", "parties/", "parties/", "docket-entries/"
    ]  # fmt: skip
    assert docket_queries(server, asked) == [
        ("301", "fields=id%2Cdate_modified"), ("302", "fields=id%2Cdate_modified"), ("301", "")
    ]  # fmt: skip
    assert (third.searched, third.checked, third.queued, third.fetched, third.imported) == (1, 2, 1, 1, 1)
    assert "2 open dockets checked for changes" in third.summary("en")
    stores = "SELECT store_name FROM defendants WHERE case_id = 'ilnd:1:24-cv-07001' ORDER BY defendant_no"
    assert fetch(db, stores)[1:] == [(s,) for s in UNSEALED]
    assert fetch(db, "SELECT docket_id, imports, date_modified, checked_at::VARCHAR FROM feed_dockets ORDER BY 1") == [
        (301, 2, "2024-06-25T10:10:00Z", "2024-06-25 12:00:00"),
        (302, 1, "2024-06-20T12:00:00-06:00", "2024-06-25 12:00:00"),
    ]
    # checked today: the next run, an hour on, checks nothing
    clock.advance(3600)
    assert run(db, replay, clock).checked == 0


def test_closed_dockets_and_those_filed_before_the_horizon_are_not_checked(
    db: Database, replay: Replay, clock: FakeClock
) -> None:
    closed = schedule_a(402, "1:24-cv-08002", "2024-05-10", "Closed Co")
    closed.terminated = "2024-05-30"
    replay.add(
        schedule_a(401, "1:24-cv-08001", "2024-05-20", "Open Co"),
        closed,
        schedule_a(403, "1:24-cv-08003", "2024-02-01", "Early Co"),
    )
    assert run(db, replay, clock, since=dt.date(2024, 1, 1)).imported == 3
    clock.advance(2 * DAY)  # 06-03: 90 days back is 03-05, after 403's filing
    replay.log.clear()
    report = run(db, replay, clock, since=dt.date(2024, 1, 1))
    assert (report.checked, report.queued) == (1, 0)
    assert [p for p in replay.paths() if p.startswith("dockets/")] == ["dockets/401/"]
    clock.advance(2 * DAY)  # 06-05: a horizon of 150 days reaches 403 (filed 125 days before)
    replay.log.clear()
    assert run(db, replay, clock, since=dt.date(2024, 1, 1), follow_days=150).checked == 2
    # 403, never checked since its import (06-01), before 401 (checked 06-03)
    assert [p for p in replay.paths() if p.startswith("dockets/")] == ["dockets/403/", "dockets/401/"]
    clock.advance(2 * DAY)
    assert run(db, replay, clock, since=dt.date(2024, 1, 1), follow_days=0).checked == 0  # not following


def test_checks_go_oldest_first_and_only_with_budget_to_spare(db: Database, replay: Replay, clock: FakeClock) -> None:
    replay.page_size = 100
    replay.add(*(schedule_a(1001 + i, f"1:24-cv-1{i:04d}", "2024-05-28", f"Brand {i}") for i in range(12)))
    assert run(db, replay, clock).imported == 12  # limits off; all imported (checked) at 06-01 12:00
    ten_a_day = test_feed.settings(replay, limits=parse_limits("10/day"))
    clock.advance(2 * DAY)  # 06-03 12:00
    replay.log.clear()
    first = sync(db, ten_a_day, clock=clock, lang="en")
    # one search; each check must leave 2 of the day's 10 (a fifth): checks while 3 or more are left
    assert (first.status, first.requests, first.checked, first.budget_left) == ("ok", 8, 7, {"10/day": 2})
    assert [p for p in replay.paths() if p.startswith("dockets/")] == [f"dockets/{1001 + i}/" for i in range(7)]
    clock.advance(11 * 60)  # a search is due again; after it one request is left, none to spare
    assert (sync(db, ten_a_day, clock=clock, lang="en").requests, replay.paths().count("search/")) == (1, 2)
    clock.advance(DAY + 60)  # 06-04 12:12: the day's budget is back; every docket's last check is a day old
    replay.log.clear()
    third = sync(db, ten_a_day, clock=clock, lang="en")
    # the five never checked since their import first, then the oldest checks of 06-03
    order = [1008, 1009, 1010, 1011, 1012, 1001, 1002]
    assert (third.requests, third.checked) == (8, 7)
    assert [p for p in replay.paths() if p.startswith("dockets/")] == [f"dockets/{i}/" for i in order]
    # and --max-requests bounds them as any request (one search, two checks), without a pause
    clock.advance(DAY + 60)
    bounded = sync(db, ten_a_day, clock=clock, lang="en", max_requests=3)
    assert (bounded.status, bounded.requests, bounded.checked, bounded.pause_reason) == ("ok", 3, 2, None)


def test_follow_days_on_the_command_line(db: Database, capsys: pytest.CaptureFixture[str]) -> None:
    path = db.path
    db.close()
    assert main(["sync", "--db", path, "--follow-days", "-1"]) == 2
    assert "--follow-days must be 0 or more" in capsys.readouterr().err


class _RawStore:
    """A bare DuckDB connection as schema.upgrade's Store, to stop an upgrade at a version."""

    def __init__(self, con: duckdb.DuckDBPyConnection) -> None:
        self.con = con

    def cursor(self) -> duckdb.DuckDBPyConnection:
        return self.con.cursor()

    @contextmanager
    def write(self) -> Iterator[duckdb.DuckDBPyConnection]:
        self.con.execute("BEGIN TRANSACTION")
        try:
            yield self.con
        except BaseException:
            self.con.execute("ROLLBACK")
            raise
        self.con.execute("COMMIT")


def test_dockets_imported_before_the_upgrade_count_as_checked_at_their_import(tmp_path: Path) -> None:
    path = str(tmp_path / "v46.duckdb")
    con = duckdb.connect(path)
    schema.upgrade(_RawStore(con), target=46)
    con.execute(
        "INSERT INTO feed_dockets (docket_id, case_id, date_filed, date_modified, seen_timestamp, imported_at, "
        "imports) VALUES (7, 'ilnd:1:24-cv-00007', DATE '2024-05-01', 'x', NULL, TIMESTAMP '2024-05-02 10:00:00', 1)"
    )
    con.execute(
        "INSERT INTO feed_queue (docket_id, date_filed, seen_timestamp, reason, enqueued_at, status, last_error) "
        "VALUES (8, NULL, NULL, 'webhook', TIMESTAMP '2024-05-03 10:00:00', 'not_ip', 'not an IP case')"
    )
    con.close()
    with Database(path) as upgraded:
        checked = fetch(upgraded, "SELECT docket_id, checked_at::VARCHAR FROM feed_dockets")
        assert checked == [(7, "2024-05-02 10:00:00")]
        assert fetch(upgraded, "SELECT docket_id, reason, status, last_error FROM feed_queue") == [
            (8, "webhook", "not_ip", "not an IP case")
        ]
        with upgraded.write() as cur:  # the new reason is allowed
            cur.execute(load_sql("feed/follow_checked"), {"docket_id": 7, "now": dt.datetime(2024, 6, 1)})
            cur.execute("UPDATE feed_queue SET reason = 'follow'")


# -- a run killed while following ---------------------------------------------------------------

# Three dockets imported two days before the run, filed 40, 30 and 5 days before today; the two older
# ones have changed since. The run: one search page (only the newest is in its window, unchanged),
# three checks (requests 2-4), then the two changed dockets fetched (5-10) and imported together.
KILL_POINTS = ("request:3", "checked:1", "checked:3", "fetched:1", "in_import:1")
SAME = {
    "cases": "SELECT * FROM cases ORDER BY ALL",
    "defendants": "SELECT case_id, defendant_no, store_name FROM defendants ORDER BY ALL",
    "feed_dockets": "SELECT * EXCLUDE (imported_at, checked_at) FROM feed_dockets ORDER BY ALL",
    # checked in the run under test, a day or more after the first run (imported on a fake clock)
    "checked_since": (
        "SELECT count(*) FROM feed_dockets "
        "WHERE checked_at > (SELECT started_at FROM feed_runs WHERE run_id = 1) + INTERVAL 1 DAY"
    ),
    "feed_queue": "SELECT * EXCLUDE (enqueued_at) FROM feed_queue ORDER BY ALL",
    "cursor": "SELECT key, value FROM feed_state WHERE key NOT IN ('last_search_at') ORDER BY ALL",
}


def contents(path: str) -> dict[str, Any]:
    with Database(path) as database:
        return {name: fetch(database, sql) for name, sql in SAME.items()}


def follow_run(path: str, base_url: str) -> None:
    """The run under test, with the system clock (a child SIGKILLs itself at CASEWATCH_FEED_KILL_AT)."""
    with Database(path) as database:
        report = sync(database, Settings(base_url=base_url, token=TOKEN, limits=()), clock=SYSTEM_CLOCK, lang="en")
        assert report.status == "ok", report


def killed_follow_run(path: str, base_url: str, point: str) -> None:
    os.environ["CASEWATCH_FEED_KILL_AT"] = point
    follow_run(path, base_url)


@pytest.mark.slow
def test_a_run_killed_while_following_and_run_again_equals_an_uninterrupted_run(
    replay: Replay, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    now = dt.datetime.now(dt.UTC)
    today = now.date()
    filed = [(today - dt.timedelta(days=n)).isoformat() for n in (40, 30, 5)]
    replay.add(*(schedule_a(501 + i, f"1:24-cv-0900{i + 1}", day, f"Brand {i}") for i, day in enumerate(filed)))
    baseline = str(tmp_path / "baseline.duckdb")
    templates.copy_of("empty", build_empty_file, baseline)
    with Database(baseline) as database:  # imported two days ago, on a fake clock
        earlier = FakeClock(now - dt.timedelta(days=2))
        settings = Settings(base_url=replay.base_url, token=TOKEN, limits=())
        assert sync(database, settings, clock=earlier, since=today - dt.timedelta(days=60), lang="en").imported == 3
    for i in (0, 1):  # the two older schedules unsealed since
        old = replay.dockets[501 + i]
        replay.add(schedule_a(old.id, old.number, old.filed, f"Brand {i}", stores=UNSEALED,
                              modified=f"{today.isoformat()}T00:00:00Z"))  # fmt: skip
    paths = {point: str(tmp_path / f"killed-{point.replace(':', '-')}.duckdb") for point in KILL_POINTS}
    uninterrupted = str(tmp_path / "uninterrupted.duckdb")
    for path in [*paths.values(), uninterrupted]:
        Path(path).write_bytes(Path(baseline).read_bytes())
    follow_run(uninterrupted, replay.base_url)
    expected = contents(uninterrupted)
    # the sealed aggregate of each, and the two stores of each schedule unsealed
    assert len(expected["defendants"]) == 3 + 2 * 2 and expected["checked_since"] == [(3,)]
    assert [row[-1] for row in expected["feed_dockets"]] == [2, 2, 1]  # imports: the two changed came again
    processes = multiprocessing.get_context("forkserver")
    monkeypatch.setitem(sys.modules, "__main__", types.ModuleType("__main__"))  # as in test_feed_kill
    processes.set_forkserver_preload(["casewatch.feed.sync"])
    children = {
        point: processes.Process(target=killed_follow_run, args=(path, replay.base_url, point))
        for point, path in paths.items()
    }
    for child in children.values():
        child.start()
    try:
        for point, child in children.items():
            child.join(timeout=120)
            assert child.exitcode == -signal.SIGKILL, (point, child.exitcode)
    finally:
        for child in children.values():
            if child.is_alive():
                child.kill()
                child.join()
    for point, path in paths.items():
        follow_run(path, replay.base_url)
        assert contents(path) == expected, point
        with Database(path) as database:
            statuses = [s for (s,) in fetch(database, "SELECT status FROM feed_runs ORDER BY run_id")]
            assert statuses == ["ok", "interrupted", "ok"], (point, statuses)



def test_a_docket_whose_number_carries_the_judges_initials_is_followed(
    db: Database, replay: Replay, clock: FakeClock
) -> None:
    # CourtListener gives the number as PACER heads the docket: the case is stored under the number
    # without the initials, and the feed's record of the docket must name that case
    replay.add(schedule_a(311, "1:24-CV-7011-JRB", "2024-05-27", "Gamma Inc"))
    assert run(db, replay, clock).imported == 1
    assert fetch(db, "SELECT case_id FROM cases") == [("ilnd:1:24-cv-07011",)]
    assert fetch(db, "SELECT docket_id, case_id FROM feed_dockets") == [(311, "ilnd:1:24-cv-07011")]
    clock.advance(2 * DAY)  # 06-03: unsealed, the search (its window from 05-20) sees no new timestamp
    replay.add(schedule_a(311, "1:24-CV-7011-JRB", "2024-05-27", "Gamma Inc", stores=UNSEALED,
                          modified="2024-06-02T10:10:00Z"))  # fmt: skip
    replay.dockets[311].timestamp = "2024-05-27T18:00:00Z"
    second = run(db, replay, clock)
    assert (second.checked, second.queued, second.imported) == (1, 1, 1)
    stores = "SELECT store_name FROM defendants WHERE case_id = 'ilnd:1:24-cv-07011' ORDER BY defendant_no"
    assert fetch(db, stores)[1:] == [(s,) for s in UNSEALED]
