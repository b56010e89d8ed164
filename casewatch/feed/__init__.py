"""The live court feed (issue 18): ``sync`` pulls new and changed IP dockets from CourtListener
REST v4 within a request budget kept in the database (client, budget, state, sync), and a small
receiver takes CourtListener's webhooks into an inbox (webhook).

``status(db)`` is what the Data page shows: last run, budget left, queue, last error.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

import pandas as pd

from casewatch.db import Database
from casewatch.feed import state
from casewatch.feed.budget import Budget, Limit, limits_from_env


@dataclass(frozen=True)
class FeedStatus:
    last_run: dict[str, Any] | None  # the newest feed_runs row
    runs: pd.DataFrame  # recent runs, newest first
    waiting: int
    rejected: int
    deliveries: int
    dockets: int
    budget_left: dict[str, int]  # {"125/day": 80, ...}; empty when limits are off
    last_error: str | None


def status(db: Database, now: dt.datetime | None = None, limits: tuple[Limit, ...] | None = None) -> FeedStatus:
    """The feed as of ``now``: read uncached, since webhooks and runs change it between imports."""
    now = now or dt.datetime.now(dt.UTC)
    limits = limits_from_env() if limits is None else limits
    runs = db.query("feed/recent_runs", limit=10)
    counts = db.query("feed/queue_counts").iloc[0]
    budget = Budget(limits, state.requests_since(db, now - dt.timedelta(days=1)))
    errors = runs["error"].dropna()
    return FeedStatus(
        last_run={str(k): v for k, v in runs.iloc[0].items()} if len(runs) else None,
        runs=runs,
        waiting=int(counts["waiting"]),
        rejected=int(counts["rejected"]),
        deliveries=int(counts["deliveries"]),
        dockets=int(counts["dockets"]),
        budget_left=budget.left(now),
        last_error=str(errors.iloc[0]) if len(errors) else None,
    )
