"""Fault injection for the feed's kill tests: with CASEWATCH_FEED_KILL_AT=name:n, the process
kills itself (SIGKILL, no cleanup) the nth time it passes checkpoint ``name`` (tests/unit/
test_feed_kill.py, test_feed_follow.py). Unset, a checkpoint costs one environment lookup."""

from __future__ import annotations

import os
import signal

_PASSED: dict[str, int] = {}


def checkpoint(name: str) -> None:
    wanted = os.environ.get("CASEWATCH_FEED_KILL_AT")
    if not wanted:
        return
    point, _, count = wanted.partition(":")
    if point == name:
        _PASSED[name] = _PASSED.get(name, 0) + 1
        if _PASSED[name] == int(count or 1):
            os.kill(os.getpid(), signal.SIGKILL)
