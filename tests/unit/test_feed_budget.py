"""The request budget over simulated days (a fake clock): a backlog of 300 dockets under the
lowest limits (5 a minute, 50 an hour, 125 a day) is worked down by runs every 30 minutes, and
the replay server never sees one request over any window. The import is a stand-in that only
does the feed's bookkeeping: the budget, not the docket reader, is under test here."""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Iterator
from pathlib import Path

import pytest

from casewatch.db import Database
from casewatch.feed.budget import parse_limits
from casewatch.feed.client import Settings
from casewatch.feed.sync import sync
from casewatch.ingest import ImportReport
from tests.support.databases import fetch
from tests.support.feed_replay import TOKEN, FakeClock, Replay, base_url, schedule_a, serve, start_server

START = dt.datetime(2024, 6, 1, 0, 0, tzinfo=dt.UTC)
BACKLOG = 300
WINDOWS = ((60, 5), (3600, 50), (86400, 125))


def bookkeeping_only(db: Database, paths: list[Path], names: list[str], hook: object) -> ImportReport:
    report = ImportReport()
    with db.write() as con:
        assert callable(hook)
        hook(con, report)
    return report


@pytest.fixture
def replay() -> Iterator[tuple[Replay, FakeClock]]:
    clock = FakeClock(START)
    for server in start_server():
        found = Replay(base_url(server), clock, page_size=100)
        found.add(
            *(
                schedule_a(1000 + i, f"1:24-cv-{i:05d}", f"2024-05-{2 + i % 29:02d}", f"Brand {i}")
                for i in range(BACKLOG)
            )
        )
        serve(server, found)
        yield found, clock


def over_budget(times: list[dt.datetime]) -> list[tuple[dt.datetime, int, int]]:
    """Each request that, counted with those before it in [t - window, t], breaks a limit."""
    broken = []
    for i, at in enumerate(times):
        for seconds, limit in WINDOWS:
            count = sum(1 for earlier in times[: i + 1] if earlier >= at - dt.timedelta(seconds=seconds))
            if count > limit:
                broken.append((at, seconds, count))
    return broken


def test_backlog_of_300_completes_over_days_without_a_request_over_budget(
    replay: tuple[Replay, FakeClock], tmp_path: Path
) -> None:
    server, clock = replay
    db = Database(str(tmp_path / "budget.duckdb"))
    settings = Settings(base_url=server.base_url, token=TOKEN, limits=parse_limits("5/minute,50/hour,125/day"))
    runs = 0
    try:
        while fetch(db, "SELECT count(*) FROM feed_dockets") != [(BACKLOG,)]:
            report = sync(db, settings, clock=clock, since=None, importer=bookkeeping_only)
            runs += 1
            assert runs < 400, "the backlog does not shrink"
            # cron every 30 minutes; a run paused until later is not started before then (no request
            # would go anyway: this only skips runs that do nothing)
            tick = clock.now() + dt.timedelta(minutes=30)
            if report.paused_until and report.paused_until > tick:
                tick = report.paused_until
            clock.advance((tick - clock.now()).total_seconds())
        times = [at for at, _ in server.log if at is not None]
        assert fetch(db, "SELECT count(*) FROM feed_queue") == [(0,)]
        assert over_budget(times) == []
        # 3 requests a docket plus the searches (3 pages each); n requests at 125 in any day take at
        # least ceil(n / 125) - 1 days from the first to the last: 903 -> 7 days
        assert len(times) >= 3 * BACKLOG + 3
        days = (times[-1] - times[0]).total_seconds() / 86400
        assert math.ceil(len(times) / 125) - 1 <= days < 10, (len(times), days)
        # every request the server saw was recorded first (and the log keeps two days)
        recorded = fetch(db, "SELECT count(*) FROM feed_requests")[0][0]
        assert 0 < recorded <= len(times)
    finally:
        db.close()
