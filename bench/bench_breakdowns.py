"""Each breakdown page's query set (regions, sectors, trends, parties, lifecycle), as the page runs it.

Windows: the last 12 full months of data (the pages' default view) and all dates. A page's time
is the sum of its queries (plus, for the lifecycle page, the Kaplan–Meier and Aalen–Johansen
curves computed from their counts), median of 3 runs after one warm-up, through Database.query
with bound parameters. Drill-down views are timed as their own rows: the regional page filtered
to Shenzhen (districts and monthly trend) and a brand's dossier on the parties page.
"""

from __future__ import annotations

import datetime as dt
import statistics
import time
from collections.abc import Callable
from typing import Any

import pandas as pd

from casewatch import lifecycle
from casewatch.db import Database
from casewatch.filters import Filters, add_months

RUNS = 3
Step = tuple[str, Callable[[Database, Filters], pd.DataFrame]]


def _q(name: str, **extra: Any) -> Step:
    return name, lambda db, f: db.query(name, **f.params(), **extra)


def _with_previous(name: str, **extra: Any) -> Step:
    def run(db: Database, f: Filters) -> pd.DataFrame:
        previous = f.previous_period()
        return db.query(name, **f.params(), prev_from=previous.date_from, prev_to=previous.date_to, **extra)

    return name, run


def _lifecycle(db: Database, f: Filters) -> pd.DataFrame:
    cutoff = db.query("lifecycle/cutoff").iloc[0, 0]
    milestones = db.query("lifecycle/milestones", **f.params(), split="none", limit=6, cutoff=cutoff)
    lifecycle.kaplan_meier_groups(milestones[milestones["milestone"] == "tro"], ["grp"])
    lifecycle.median_grid(milestones)
    outcomes = db.query("lifecycle/outcomes", **f.params(), cutoff=cutoff)
    lifecycle.incidence_at(lifecycle.cumulative_incidence(outcomes), (30, 90, 180, 365))
    return pd.concat([milestones, outcomes])


def _dossier(db: Database, f: Filters) -> pd.DataFrame:
    previous = f.previous_period()
    board = db.query(
        "parties/leaderboard", **f.params(), by="brand", limit=1, prev_from=previous.date_from, prev_to=previous.date_to
    )
    brand = str(board["party"].iloc[0]) if len(board) else ""
    dossier = f.with_values(brands=(brand,))
    frames = [
        db.query("overview/kpis", **dossier.params()),
        db.query("overview/kpis", **dossier.previous_period().params()),
        db.query("trends/monthly", **dossier.params()),
        db.query("overview/top_sectors", **dossier.params(), limit=12),
        db.query("overview/top_cities", **dossier.params(), limit=12),
        db.query(
            "parties/leaderboard",
            **dossier.params(),
            by="law_firm",
            limit=25,
            prev_from=previous.date_from,
            prev_to=previous.date_to,
        ),
        db.query("parties/members_hit", **dossier.params(), limit=500),
    ]
    return pd.concat(frames)


PAGES: dict[str, list[Step]] = {
    "regions": [_q("regions/cities")],
    "regions: Shenzhen drill-down": [
        _q("regions/cities"),
        _q("regions/districts", city="440300"),
        _q("trends/monthly"),
    ],
    "sectors": [
        _q("sectors/tree"),
        _q("sectors/ip_matrix"),
        _q("sectors/top_brands", limit=10),
        _q("sectors/monthly", limit=9),
    ],
    "trends": [_q("trends/monthly"), _q("trends/stacked", dimension="court", limit=8), _q("trends/new_parties")],
    "parties": [_with_previous("parties/leaderboard", by="brand", limit=25)],
    "parties: brand dossier": [_with_previous("parties/leaderboard", by="brand", limit=25), ("dossier", _dossier)],
    "lifecycle": [("lifecycle/* + curves", _lifecycle)],
}


def _timed(db: Database, steps: list[Step], filters: Filters) -> tuple[float, int, dict[str, float]]:
    per_query: dict[str, float] = {}
    rows = 0
    started = time.perf_counter()
    for name, run in steps:
        begun = time.perf_counter()
        rows += len(run(db, filters))
        per_query[name] = per_query.get(name, 0.0) + time.perf_counter() - begun
    return time.perf_counter() - started, rows, per_query


def windows(db: Database) -> dict[str, Filters]:
    """The pages' default view (the 12 months up to the latest filing's month end) and all dates,
    as bench/bench_overview.py times them."""
    latest = db.sql("SELECT max(filed_on) FROM defendant_facts").iloc[0, 0]
    end = (pd.Timestamp(latest) + pd.offsets.MonthEnd(0)).date()
    return {
        "12 months": Filters(date_from=add_months(end, -11), date_to=end),
        "all dates": Filters(date_from=dt.date(2000, 1, 1), date_to=end),
    }


def run(db_path: str) -> list[dict[str, Any]]:
    results = []
    with Database(db_path, read_only=True) as db:
        facts = int(db.sql("SELECT count(*) FROM defendant_facts").iloc[0, 0])
        for window, filters in windows(db).items():
            for page, steps in PAGES.items():
                _timed(db, steps, filters)  # warm-up
                runs = [_timed(db, steps, filters) for _ in range(RUNS)]
                seconds = statistics.median(r[0] for r in runs)
                slowest = max(runs[0][2].items(), key=lambda item: item[1])
                results.append(
                    {
                        "benchmark": f"breakdowns page {page} ({window})",
                        "seconds": round(seconds, 3),
                        "rows": runs[0][1],
                        "note": f"{len(steps)} step(s), {facts:,} fact rows; slowest {slowest[0]} {slowest[1]:.3f} s",
                    }
                )
    return results


if __name__ == "__main__":
    import sys

    for row in run(sys.argv[1]):
        print(f"{row['benchmark']:<55} {row['seconds']:>7.3f} s  {row['rows']:>8}  {row['note']}")
