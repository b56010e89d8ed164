"""Exceptions the data layer raises; each carries a message key the UI translates."""

from __future__ import annotations


class CaseWatchError(Exception):
    """Base class. ``key`` names a locale string; the keyword arguments, kept as ``fmt``, fill its
    placeholders."""

    key = "error.generic"

    def __init__(self, message: str, **fmt: object) -> None:
        super().__init__(message)
        self.fmt = fmt


class DatabaseMissing(CaseWatchError):
    key = "error.db_missing"


class DatabaseLocked(CaseWatchError):
    key = "error.db_locked"


class NotADatabase(CaseWatchError):
    key = "error.db_invalid"


class SchemaTooNew(CaseWatchError):
    key = "error.schema_too_new"


class SchemaOutdated(CaseWatchError):
    key = "error.schema_outdated"


class UnknownQuery(CaseWatchError):
    key = "error.unknown_query"


class DatabaseReadOnly(CaseWatchError):
    key = "resilience.error.read_only"


class DataChanged(CaseWatchError):
    """An import committed while a page was reading; the page reruns at the new version."""

    key = "resilience.error.data_changed"


class KeyWrittenTwice(CaseWatchError):
    """An import would store a member link key twice; it is rolled back (a defect)."""

    key = "error.key_twice"
