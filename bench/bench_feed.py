"""Court feed (issue 18): ``sync`` of CASEWATCH_BENCH_FEED_DOCKETS (default 1,000) Schedule A
dockets from the CourtListener replay server on 127.0.0.1 (tests/support/feed_replay.py: 20 search results
a page, two parties and one entry a docket), limits off, into a new database (the benchmark
database is not used: the feed's cost is per docket, not per stored row). Rows: the whole sync
(dockets per second in the note) and the share of it spent importing (the validated docket import
with its queue bookkeeping, herding included). Nothing leaves 127.0.0.1.
"""

from __future__ import annotations

import datetime as dt
import os
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from casewatch.db import Database
from casewatch.feed.client import Settings
from casewatch.feed.sync import sync
from casewatch.sql import ROOT

DOCKETS = int(os.environ.get("CASEWATCH_BENCH_FEED_DOCKETS", "1000"))


def run(db_path: str) -> list[dict[str, Any]]:
    sys.path.insert(0, str(ROOT))
    from tests.support.feed_replay import TOKEN, Replay, base_url, schedule_a, serve, start_server

    start = dt.date(2024, 1, 1)
    for server in start_server():
        replay = Replay(base_url(server), page_size=20)
        replay.add(
            *(
                schedule_a(
                    100_000 + i, f"1:24-cv-{i:05d}", (start + dt.timedelta(days=i % 300)).isoformat(), f"Brand {i}"
                )
                for i in range(DOCKETS)
            )
        )
        serve(server, replay)
        with tempfile.TemporaryDirectory(prefix="casewatch-bench-feed-") as folder:
            db = Database(str(Path(folder) / "feed.duckdb"))
            try:
                settings = Settings(base_url=replay.base_url, token=TOKEN, limits=())
                started = time.perf_counter()
                report = sync(db, settings, since=start, lang="en")
                seconds = time.perf_counter() - started
            finally:
                db.close()
    assert report.imported == DOCKETS, report
    return [
        {
            "benchmark": f"feed sync {DOCKETS:,} dockets (limits off)",
            "seconds": seconds,
            "rows": DOCKETS,
            "note": f"{DOCKETS / seconds:.1f} dockets/s, {report.requests:,} requests "
            f"({report.requests / seconds:.0f}/s)",
        },
        {
            "benchmark": "feed sync: importing",
            "seconds": report.import_seconds,
            "rows": DOCKETS,
            "note": f"{report.import_seconds / seconds:.0%} of the sync; fetching and bookkeeping the rest",
        },
    ]
