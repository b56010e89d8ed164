"""The one door to DuckDB.

``Database(path).query(name, **params)`` runs ``queries/<name>.sql`` with its ``$name``
parameters bound and returns a DataFrame. One connection per Database; every query gets its own
cursor so concurrent Streamlit sessions can read at once. Writes go through ``Database.write()``,
which serialises writers with a lock and wraps them in one transaction. ``snapshot()`` runs
several reads on one consistent view, so a page never mixes data from before and after an import.
"""

from __future__ import annotations

import fcntl
import math
import os
import re
import struct
import sys
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import duckdb
import pandas as pd

from casewatch import errors, facts, schema
from casewatch.access import SYSTEM, Scope, bind
from casewatch.sql import ROOT, load_sql

DEFAULT_DB = ROOT / "data" / "demo.duckdb"
# What modules above this door annotate and catch, so that none of them names DuckDB itself.
Cursor = duckdb.DuckDBPyConnection
Relation = duckdb.DuckDBPyRelation
QueryError = duckdb.Error
ENGINE_VERSION = duckdb.__version__


def interrupted(exc: BaseException) -> bool:
    """True for Ctrl-C: a KeyboardInterrupt, or the RuntimeError DuckDB raises instead when the
    SIGINT comes while a query runs (it takes the signal, so no KeyboardInterrupt follows)."""
    return isinstance(exc, KeyboardInterrupt) or (type(exc) is RuntimeError and str(exc) == "Query interrupted")


def db_path() -> str:
    """The database named by CASEWATCH_DB, else data/demo.duckdb."""
    return os.environ.get("CASEWATCH_DB") or str(DEFAULT_DB)


def is_local(path: str) -> bool:
    """True for a database file on this machine (not MotherDuck, not in memory)."""
    return not path.startswith("md:") and path != ":memory:"


def _duckdb_file_or_new(path: str) -> bool:
    """True for a DuckDB database file (its header carries the magic bytes "DUCK" at offset 8) and
    for a path with no file or an empty one, where DuckDB creates a database."""
    try:
        with open(path, "rb") as handle:
            header = handle.read(12)
    except FileNotFoundError:
        return True
    except IsADirectoryError:
        return False
    return not header or header[8:12] == b"DUCK"


def open_connection(path: str, read_only: bool) -> duckdb.DuckDBPyConnection:
    """A raw connection to the file (no schema check or upgrade), or DatabaseMissing /
    DatabaseLocked (another process holds it) / NotADatabase."""
    local = is_local(path)
    if local and read_only and not Path(path).exists():
        raise errors.DatabaseMissing(f"database file not found: {path}", path=path)
    if local and not _duckdb_file_or_new(path):
        # DuckDB itself would open a .csv, .parquet or .json file as an in-memory database holding
        # that file as a view: an import "into" it would report success and keep nothing
        raise errors.NotADatabase(f"cannot open {path} as a DuckDB database: it is not a DuckDB file", path=path)
    try:
        # Replaying the write-ahead log of a process that died (SIGKILL, power loss) makes DuckDB
        # 2.0.1 try to download its statically linked core_functions extension, which fails
        # offline and leaves the file unopenable; it replays fine without the download.
        config: dict[str, str | bool | int | float | list[str]] = (
            {"autoinstall_known_extensions": False} if local else {}
        )
        return duckdb.connect(path, read_only=read_only, config=config)
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
    """A DuckDB database with the CaseWatch schema, upgraded in place on open (unless read-only).

    ``beside_holder``: opened read-only only because another process holds the file (see
    open_for_app); ``regain_write()`` then reopens it read-write once that process lets go."""

    def __init__(self, path: str | None = None, *, read_only: bool = False, beside_holder: bool = False) -> None:
        self.path = path or db_path()
        self.read_only = read_only
        self._con = open_connection(self.path, read_only)
        self._write_lock = threading.Lock()
        # reads in progress on self._con; a reopen waits for them and holds new ones back meanwhile
        self._use = threading.Condition()
        self._in_use = 0
        self._reopening = False
        self._regain_lock = threading.Lock()
        self._regain_tried = -math.inf
        self._holder = _HolderProbe(self.path) if beside_holder and read_only and is_local(self.path) else None
        try:
            if read_only:
                schema.check_version(self)
            else:
                schema.upgrade(self)
        except BaseException:
            self._con.close()  # a refused database must not stay locked by this process
            self._close_holder_probe()
            raise

    def close(self) -> None:
        self._con.close()
        self._close_holder_probe()

    def _close_holder_probe(self) -> None:
        if self._holder is not None:
            self._holder.close()  # only after DuckDB let go: closing it drops this process's locks
            self._holder = None

    @contextmanager
    def _connection(self) -> Iterator[duckdb.DuckDBPyConnection]:
        """The connection, counted as in use until the block ends (regain_write waits for that)."""
        with self._use:
            self._use.wait_for(lambda: not self._reopening)
            self._in_use += 1
        try:
            yield self._con
        finally:
            with self._use:
                self._in_use -= 1
                self._use.notify_all()

    def regain_write(self, *, every: float = 5.0, wait: float = 2.0) -> bool:
        """For a database opened read-only beside another process: reopens it read-write once no
        other process holds the file. Looks at most every ``every`` seconds; waits up to ``wait``
        seconds for reads in progress (never closing the connection under them, else it tries
        again later). Returns True when the database is read-write now. Raises DatabaseLocked when
        another process took the file read-write in between, leaving this one unusable."""
        if not self.read_only:
            return True
        if self._holder is None or not self._regain_lock.acquire(blocking=False):
            return False
        try:
            now = time.monotonic()
            if now - self._regain_tried < every:
                return False
            self._regain_tried = now
            if self._holder.held_elsewhere():
                return False
            with self._use:
                if not self._use.wait_for(lambda: self._in_use == 0, timeout=wait):
                    return False
                self._reopening = True
            try:
                self._con.close()  # one process cannot hold the same file read-only and read-write
                try:
                    self._con = open_connection(self.path, read_only=False)
                except errors.DatabaseLocked:  # taken again since the probe: read-only as before
                    try:
                        self._con = open_connection(self.path, read_only=True)
                    except errors.CaseWatchError:
                        self._close_holder_probe()  # nothing of this process holds the file now
                        raise
                    return False
                self.read_only = False
            finally:
                with self._use:
                    self._reopening = False
                    self._use.notify_all()
            try:
                schema.upgrade(self)
            except BaseException:
                self.close()  # refused (e.g. a newer schema): let go of the file, as a refused open does
                raise
            return True
        finally:
            self._regain_lock.release()

    def __enter__(self) -> Database:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def cursor(self) -> duckdb.DuckDBPyConnection:
        """A cursor of its own, for one-process tools (schema upgrade, backup, demo, CLI); the app
        reads through query/sql/snapshot, which a reopen (regain_write) waits for."""
        return self._con.cursor()

    def query(self, name: str, *, scope: Scope = SYSTEM, **params: Any) -> pd.DataFrame:
        """Rows of queries/<name>.sql with params bound; DuckDB raises on a missing or extra one.

        The scope must be allowed by the file's ``-- access:`` header; ``$viewer_member`` is bound
        from it when the query uses it.
        """
        return self.sql(*bind(name, scope, params))

    @contextmanager
    def snapshot(self, version: int | None = None) -> Iterator[Snapshot]:
        """A read transaction: every query through it sees the same committed data (DuckDB MVCC).
        With ``version``, raises DataChanged when the data is no longer at that version."""
        with self._connection() as con:
            cur = con.cursor()
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
        with self._connection() as con:
            cur = con.cursor()
            try:
                return cur.execute(text, params or {}).df()
            finally:
                cur.close()

    @contextmanager
    def write(self) -> Iterator[duckdb.DuckDBPyConnection]:
        """One writer at a time, in one transaction: committed on success, rolled back on error."""
        if self.read_only:
            raise errors.DatabaseReadOnly(f"the database is open read-only: {self.path}", path=self.path)
        with self._write_lock, self._connection() as con:
            cur = con.cursor()
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
        """The value stored under ``key`` in table meta, else ``default``."""
        with self._connection() as con:
            cur = con.cursor()
            try:
                value = facts.meta(cur, key)
            finally:
                cur.close()
        return default if value is None else value

    def data_version(self) -> int:
        """The data version (``facts.data_version``) as committed now."""
        return int(self.meta("data_version", "0") or 0)


class Snapshot:
    """Reads inside one transaction of ``Database.snapshot()``, with the data version they see."""

    def __init__(self, cur: duckdb.DuckDBPyConnection) -> None:
        self._cur = cur
        # the first read fixes the transaction's view; the version read here belongs to it
        self.data_version = facts.data_version(cur)

    def query(self, name: str, *, scope: Scope = SYSTEM, **params: Any) -> pd.DataFrame:
        """Rows of queries/<name>.sql as of this snapshot (scope checked as in Database.query)."""
        return self._cur.execute(*bind(name, scope, params)).df()

    def relation(self, text: str, params: dict[str, Any]) -> duckdb.DuckDBPyRelation:
        """A lazy relation of SQL text from queries/ (already scope-checked and bound by the caller)
        in this snapshot, for results streamed in batches rather than fetched whole."""
        return self._cur.sql(text, params=params)


class _HolderProbe:
    """Whether another process holds a lock on a database file, asked without touching the locks
    of this process (DuckDB's): fcntl F_GETLK reports only other processes' locks. The descriptor
    stays open until the Database closes, because closing any descriptor of a file drops every
    POSIX lock this process holds on it. Off Linux (another struct flock layout) it answers
    "not held" and regain_write finds out by trying."""

    _FLOCK = "hhxxxxqqixxxx"  # Linux struct flock: l_type, l_whence, l_start, l_len, l_pid

    def __init__(self, path: str) -> None:
        self._fd = os.open(path, os.O_RDONLY) if sys.platform.startswith("linux") else None

    def held_elsewhere(self) -> bool:
        if self._fd is None:
            return False
        asked = struct.pack(self._FLOCK, fcntl.F_WRLCK, os.SEEK_SET, 0, 0, 0)
        answer = fcntl.fcntl(self._fd, fcntl.F_GETLK, asked)
        return bool(struct.unpack(self._FLOCK, answer)[0] != fcntl.F_UNLCK)

    def close(self) -> None:
        if self._fd is not None:
            os.close(self._fd)
            self._fd = None


def register_text_function(con: Cursor, name: str, function: Callable[[str], str]) -> None:
    """Makes the Python ``function`` of one text (NULL in, NULL out) the SQL function ``name`` of
    ``con``'s database, unless a function of that name is there already (another connection of the
    database registered it: they share it, and registering it again would fail and abort the
    transaction)."""
    if not con.execute(load_sql("schema/has_function"), {"name": name}).fetchall()[0][0]:
        con.create_function(name, function, [duckdb.sqltypes.VARCHAR], duckdb.sqltypes.VARCHAR)


def project(relation: Relation, names: list[str]) -> Relation:
    """The relation's columns ``names``, in that order (names are identifiers, never SQL text)."""
    return relation.select(*[duckdb.ColumnExpression(name) for name in names])


def open_for_app(path: str) -> Database:
    """The app's database: read-write, else read-only while another process only reads it.

    DuckDB lets one process write or several processes read a file. Raises DatabaseMissing for a
    local file that does not exist (the app never creates an empty database in its place) and
    DatabaseLocked while another process holds the file read-write. A read-only one becomes
    read-write again through regain_write() once the other process lets go.
    """
    if is_local(path) and not Path(path).exists():
        raise errors.DatabaseMissing(f"database file not found: {path}", path=path)
    try:
        return Database(path)
    except errors.DatabaseLocked:
        return Database(path, read_only=True, beside_holder=True)
