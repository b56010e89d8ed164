"""The request budget: CourtListener's per-user limits as sliding windows (pyrate-limiter), counted
from the requests the database has recorded, so that the budget holds across runs and processes.

``CASEWATCH_COURTLISTENER_LIMITS`` is e.g. ``5/minute,50/hour,125/day`` (the default: the lowest
limits CourtListener has given new accounts) or ``off`` (no budget: benchmarks, raised accounts
that trust the server's 429s).
"""

from __future__ import annotations

import datetime as dt
import os
import re
import time
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Protocol

from pyrate_limiter import Decision, Duration, InMemoryBucket, Rate, RateItem

from casewatch.feed.errors import BadSetting

DEFAULT_LIMITS = "5/minute,50/hour,125/day"
UNITS = {"second": Duration.SECOND, "minute": Duration.MINUTE, "hour": Duration.HOUR, "day": Duration.DAY}
_LIMIT = re.compile(r"^\s*(\d+)\s*/\s*(second|minute|hour|day)s?\s*$")
_ITEM = "courtlistener"


class Clock(Protocol):
    """Time as the feed sees it; tests pass a fake one that sleeps by moving forward."""

    def now(self) -> dt.datetime: ...

    def sleep(self, seconds: float) -> None: ...


class SystemClock:
    def now(self) -> dt.datetime:
        return dt.datetime.now(dt.UTC)

    def sleep(self, seconds: float) -> None:
        time.sleep(max(0.0, seconds))


SYSTEM_CLOCK = SystemClock()


@dataclass(frozen=True)
class Limit:
    count: int
    unit: str

    @property
    def seconds(self) -> int:
        return int(UNITS[self.unit].value) // 1000

    def __str__(self) -> str:
        return f"{self.count}/{self.unit}"


def parse_limits(text: str | None) -> tuple[Limit, ...]:
    """``5/minute,50/hour,125/day`` -> its limits, shortest window first; ``off`` -> none.
    Raises BadSetting naming the part it cannot read."""
    text = DEFAULT_LIMITS if text is None or not text.strip() else text
    if text.strip().lower() in ("off", "none", "0"):
        return ()
    limits = []
    for part in text.split(","):
        match = _LIMIT.match(part)
        if not match or int(match.group(1)) <= 0:
            raise BadSetting(
                f"CASEWATCH_COURTLISTENER_LIMITS: cannot read {part.strip()!r} (e.g. 5/minute,50/hour,125/day or off)",
                name="CASEWATCH_COURTLISTENER_LIMITS",
                value=part.strip(),
            )
        limits.append(Limit(int(match.group(1)), match.group(2)))
    return tuple(sorted(limits, key=lambda limit: limit.seconds))


def limits_from_env() -> tuple[Limit, ...]:
    return parse_limits(os.environ.get("CASEWATCH_COURTLISTENER_LIMITS"))


def _ms(at: dt.datetime) -> int:
    return int(at.timestamp() * 1000)


class Budget:
    """Sliding-window request budget. ``spent`` are the times of requests already made (from the
    database); ``take(now)`` admits one more request (0.0) or says how many seconds until one
    fits (never admitting a request that would break any window)."""

    def __init__(self, limits: tuple[Limit, ...], spent: Iterable[dt.datetime] = ()) -> None:
        self.limits = limits
        self._bucket = InMemoryBucket([Rate(limit.count, UNITS[limit.unit]) for limit in limits]) if limits else None
        if self._bucket is not None:
            # the record as it is, even above today's limits (they may have been lowered): put()
            # would refuse such items, so they go in directly, oldest first as the bucket keeps them
            self._bucket.items = [RateItem(_ITEM, _ms(at)) for at in sorted(spent)]

    def take(self, now: dt.datetime) -> float:
        """0.0 when a request may go now (and counts it), else the seconds to wait for one."""
        if self._bucket is None:
            return 0.0
        stamp = _ms(now)
        self._bucket.leak(stamp)
        decision = self._bucket.put_decision(RateItem(_ITEM, stamp))
        if not isinstance(decision, Decision):  # an in-memory bucket decides at once, never async
            raise TypeError("expected a synchronous bucket")
        if decision.allowed:
            return 0.0
        # pyrate-limiter names the first window that refuses; wait for the last one to free up
        stamps = [item.timestamp for item in self._bucket.items]
        waits = [
            stamps[-limit.count] + limit.seconds * 1000 - stamp + 1
            for limit in self.limits
            if len(stamps) >= limit.count and stamps[-limit.count] >= stamp - limit.seconds * 1000
        ]
        return max(0.001, max(waits, default=decision.retry_after_ms or 1000) / 1000)

    def left(self, now: dt.datetime) -> dict[str, int]:
        """Requests left in each window now: {"5/minute": 3, ...}."""
        if self._bucket is None:
            return {}
        stamp = _ms(now)
        stamps = [item.timestamp for item in self._bucket.items]
        return {
            str(limit): limit.count - sum(1 for s in stamps if s >= stamp - limit.seconds * 1000)
            for limit in self.limits
        }
