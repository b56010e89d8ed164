"""Where the SQL lives: ``queries/<name>.sql``, one query per file, read by name.

``Connection`` is what runs that SQL, as far as the modules below the database door need it
(schema upgrades, the data version): DuckDB's connections and cursors fit it, and only
``casewatch.db`` names DuckDB itself.
"""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path
from typing import Any, Protocol

from casewatch import errors

ROOT = Path(__file__).resolve().parent.parent
QUERIES_DIR = ROOT / "queries"
_NAME = re.compile(r"^[a-z0-9_/]+$")


class Connection(Protocol):
    """A DuckDB connection or cursor, reduced to running SQL, fetching its rows and
    showing a DataFrame to it as a view."""

    def execute(self, query: str, parameters: object = None) -> Connection: ...

    def fetchone(self) -> tuple[Any, ...] | None: ...

    def fetchall(self) -> list[tuple[Any, ...]]: ...

    def close(self) -> None: ...

    def register(self, view_name: str, python_object: object) -> Connection: ...

    def unregister(self, view_name: str) -> Connection: ...


@lru_cache(maxsize=256)
def load_sql(name: str) -> str:
    """Text of queries/<name>.sql; names are checked so a caller cannot reach outside."""
    if not _NAME.match(name):
        raise errors.UnknownQuery(f"bad query name {name!r}", name=name)
    path = QUERIES_DIR / f"{name}.sql"
    if not path.is_file():
        raise errors.UnknownQuery(f"no query named {name!r} in {QUERIES_DIR}", name=name)
    return path.read_text(encoding="utf-8")
