"""What build_demo refuses before any work, as CaseWatchErrors (the command line prints their
message with exit 2) that are also the ValueError / FileExistsError callers caught before."""

from __future__ import annotations

from casewatch.errors import CaseWatchError


class DemoRefused(CaseWatchError, ValueError):
    """Arguments no demo can be built from: a scale, a path or an ``until`` out of range."""


class NotOurFile(CaseWatchError, FileExistsError):
    """The path holds something that is not a DuckDB database: never overwritten."""
