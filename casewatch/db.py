"""The one door to DuckDB.

``Database(path).query(name, **params)`` runs ``queries/<name>.sql`` with its ``$name``
parameters bound and returns a DataFrame. One connection per Database; every query gets its own
cursor so concurrent Streamlit sessions can read at once. Writes go through ``Database.write()``,
which serialises writers with a lock and wraps them in one transaction. ``snapshot()`` runs
several reads on one consistent view, so a page never mixes data from before and after an import.
"""

from __future__ import annotations

import os
import re
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from functools import lru_cache
from pathlib import Path
from typing import Any

import duckdb
import pandas as pd

from casewatch import auth, errors
from casewatch.auth import SYSTEM, Scope

ROOT = Path(__file__).resolve().parent.parent
QUERIES_DIR = ROOT / "queries"
DEFAULT_DB = ROOT / "data" / "demo.duckdb"
_NAME = re.compile(r"^[a-z0-9_/]+$")


def db_path() -> str:
    """The database named by CASEWATCH_DB, else data/demo.duckdb."""
    return os.environ.get("CASEWATCH_DB") or str(DEFAULT_DB)


@lru_cache(maxsize=256)
def load_sql(name: str) -> str:
    """Text of queries/<name>.sql; names are checked so a caller cannot reach outside."""
    if not _NAME.match(name):
        raise errors.UnknownQuery(f"bad query name {name!r}", name=name)
    path = QUERIES_DIR / f"{name}.sql"
    if not path.is_file():
        raise errors.UnknownQuery(f"no query named {name!r} in {QUERIES_DIR}", name=name)
    return path.read_text(encoding="utf-8")


def is_local(path: str) -> bool:
    """True for a database file on this machine (not MotherDuck, not in memory)."""
    return not path.startswith("md:") and path != ":memory:"


def _open(path: str, read_only: bool) -> duckdb.DuckDBPyConnection:
    local = is_local(path)
    if local and read_only and not Path(path).exists():
        raise errors.DatabaseMissing(f"database file not found: {path}", path=path)
    try:
        return duckdb.connect(path, read_only=read_only)
    except duckdb.IOException as exc:
        text = str(exc)
        if "lock" in text.lower():
            holder = re.search(r"PID (\d+)", text)
            pid = holder.group(1) if holder else "?"
            raise errors.DatabaseLocked(
                f"database is locked by another process (PID {pid}), e.g. the app or an import: {path}",
                path=path,
                pid=pid,
            ) from exc
        raise errors.NotADatabase(f"cannot open {path} as a DuckDB database: {text}", path=path) from exc
    except duckdb.Error as exc:
        raise errors.NotADatabase(f"cannot open {path} as a DuckDB database: {exc}", path=path) from exc


class Database:
    """A DuckDB database with the CaseWatch schema, upgraded in place on open (unless read-only)."""

    def __init__(self, path: str | None = None, *, read_only: bool = False) -> None:
        from casewatch import schema  # schema uses Database's helpers; import here to avoid a cycle

        self.path = path or db_path()
        self.read_only = read_only
        self._con = _open(self.path, read_only)
        self._write_lock = threading.Lock()
        try:
            if read_only:
                schema.check_version(self)
            else:
                schema.upgrade(self)
        except BaseException:
            self._con.close()  # a refused database must not stay locked by this process
            raise

    def close(self) -> None:
        self._con.close()

    def __enter__(self) -> Database:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def cursor(self) -> duckdb.DuckDBPyConnection:
        return self._con.cursor()

    def query(self, name: str, *, scope: Scope = SYSTEM, **params: Any) -> pd.DataFrame:
        """Rows of queries/<name>.sql with params bound; DuckDB raises on a missing or extra one.

        The scope must be allowed by the file's ``-- access:`` header; ``$viewer_member`` is bound
        from it when the query uses it.
        """
        return self.sql(*_scoped(name, scope, params))

    @contextmanager
    def snapshot(self, version: int | None = None) -> Iterator[Snapshot]:
        """A read transaction: every query through it sees the same committed data (DuckDB MVCC).
        With ``version``, raises DataChanged when the data is no longer at that version."""
        cur = self._con.cursor()
        try:
            cur.begin()
            snap = Snapshot(cur)
            if version is not None and snap.data_version != version:
                raise errors.DataChanged(
                    f"data version is {snap.data_version}, not {version}", found=snap.data_version, expected=version
                )
            yield snap
        finally:
            cur.close()  # closing ends the read transaction

    def query_at(self, version: int, name: str, *, scope: Scope = SYSTEM, **params: Any) -> pd.DataFrame:
        """Rows of the query as of data version ``version``; raises DataChanged when an import
        committed since, so that a result is never filed under a version it does not belong to."""
        with self.snapshot(version) as snap:
            return snap.query(name, scope=scope, **params)

    @property
    def writing(self) -> bool:
        """True while a write (an import) of this process is in progress; a second one waits."""
        return self._write_lock.locked()

    def sql(self, text: str, params: dict[str, Any] | None = None) -> pd.DataFrame:
        """Run SQL text (from queries/ or schema files, never user text) with bound params."""
        cur = self._con.cursor()
        try:
            return cur.execute(text, params or {}).df()
        finally:
            cur.close()

    def scalar(self, name: str, **params: Any) -> Any:
        cur = self._con.cursor()
        try:
            row = cur.execute(load_sql(name), params).fetchone()
        finally:
            cur.close()
        return None if row is None else row[0]

    @contextmanager
    def write(self) -> Iterator[duckdb.DuckDBPyConnection]:
        """One writer at a time, in one transaction: committed on success, rolled back on error."""
        if self.read_only:
            raise errors.DatabaseReadOnly(f"the database is open read-only: {self.path}", path=self.path)
        with self._write_lock:
            cur = self._con.cursor()
            cur.execute("BEGIN TRANSACTION")
            try:
                yield cur
            except BaseException:
                cur.execute("ROLLBACK")
                raise
            else:
                cur.execute("COMMIT")
            finally:
                cur.close()

    def run_script(self, con: duckdb.DuckDBPyConnection, name: str, **params: Any) -> None:
        """Execute queries/<name>.sql (several statements allowed when it has no parameters)."""
        text = load_sql(name)
        if params:
            con.execute(text, params)
        else:
            con.execute(text)

    def meta(self, key: str, default: str | None = None) -> str | None:
        row = self.sql(load_sql("meta_get"), {"key": key})
        return default if row.empty else str(row.iloc[0, 0])

    def data_version(self) -> int:
        """Bumped by every import; caches are keyed on it."""
        return int(self.meta("data_version", "0") or 0)


class Snapshot:
    """Reads inside one transaction of ``Database.snapshot()``, with the data version they see."""

    def __init__(self, cur: duckdb.DuckDBPyConnection) -> None:
        self._cur = cur
        # the first read fixes the transaction's view; the version read here belongs to it
        rows = cur.execute(load_sql("meta_get"), {"key": "data_version"}).fetchall()  # all: frees the cursor
        row = rows[0] if rows else None
        self.data_version = int(row[0]) if row and row[0] is not None else 0

    def query(self, name: str, *, scope: Scope = SYSTEM, **params: Any) -> pd.DataFrame:
        """Rows of queries/<name>.sql as of this snapshot (scope checked as in Database.query)."""
        text, bound = _scoped(name, scope, params)
        return self._cur.execute(text, bound).df()

    def relation(self, text: str, params: dict[str, Any]) -> duckdb.DuckDBPyRelation:
        """A lazy relation of SQL text from queries/ (already scope-checked and bound by the caller)
        in this snapshot, for results streamed in batches rather than fetched whole."""
        return self._cur.sql(text, params=params)


def _scoped(name: str, scope: Scope, params: dict[str, Any]) -> tuple[str, dict[str, Any]]:
    """The query's text and params after the role check, with ``$viewer_member`` bound from scope."""
    text = load_sql(name)
    auth.check(text, name, scope)
    if "$viewer_member" in text:
        params = {**params, "viewer_member": scope.viewer_member}
    return text, params


def open_for_app(path: str) -> Database:
    """The app's database: read-write, else read-only while another process only reads it.

    DuckDB lets one process write or several processes read a file. Raises DatabaseMissing for a
    local file that does not exist (the app never creates an empty database in its place) and
    DatabaseLocked while another process holds the file read-write.
    """
    if is_local(path) and not Path(path).exists():
        raise errors.DatabaseMissing(f"database file not found: {path}", path=path)
    try:
        return Database(path)
    except errors.DatabaseLocked:
        return Database(path, read_only=True)


def set_meta(con: duckdb.DuckDBPyConnection, key: str, value: str) -> None:
    con.execute(load_sql("meta_set"), {"key": key, "value": value})


def bump_data_version(con: duckdb.DuckDBPyConnection) -> int:
    """Rebuild derived tables and bump the data version, inside the caller's transaction."""
    con.execute(load_sql("rebuild_facts"))
    row = con.execute(load_sql("meta_get"), {"key": "data_version"}).fetchone()
    version = (int(row[0]) if row else 0) + 1
    set_meta(con, "data_version", str(version))
    set_meta(con, "data_updated_at", pd.Timestamp.now(tz="UTC").isoformat(timespec="seconds"))
    return version
