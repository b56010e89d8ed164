"""Backups: a portable Parquet snapshot of every table with a manifest, and its restore.

``backup(db, out_dir)`` writes one Parquet file per table of the database (contract tables,
reference lists, meta, schema_version, the derived layer, users ...) from one read transaction,
so the snapshot is consistent, plus ``manifest.json`` with each table's columns, row count, the
sha256 of its file and an order-independent content hash (queries/backup/content_hash.sql).
Each file is read back and checked against the table before the snapshot is declared done; the
files are written in a sibling directory that is renamed into place at the end.

``restore(snapshot_dir, db_path)`` refuses a snapshot whose files do not match its manifest,
builds a fresh database through the schema (the migrations up to the snapshot's version), loads
every table, checks each against the manifest, upgrades it to this CaseWatch's schema and
rebuilds the derived layer; only then does the new file replace ``db_path``. A failure leaves
``db_path`` as it was.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import re
import shutil
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from casewatch import errors, facts, schema
from casewatch.db import ENGINE_VERSION, Cursor, Database, QueryError, Relation, is_local, open_connection, project
from casewatch.progress import QUIET, Progress
from casewatch.sql import load_sql

MANIFEST = "manifest.json"
FORMAT = "casewatch-snapshot"
FORMAT_VERSION = 1
_TABLE_NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_]{0,63}$")
_SUBJECT = "backup_subject"  # the relation name queries/backup/content_hash.sql reads


class SnapshotInvalid(errors.CaseWatchError):
    """The directory holds no readable snapshot (no manifest, bad JSON, unknown format)."""

    key = "resilience.error.snapshot_invalid"


class SnapshotMismatch(errors.CaseWatchError):
    """A snapshot file disagrees with the manifest (missing, extra, changed, other columns)."""

    key = "resilience.error.snapshot_mismatch"


class TargetExists(errors.CaseWatchError):
    key = "resilience.error.restore_target_exists"


class BackupTargetUnwritable(errors.CaseWatchError):
    key = "resilience.error.backup_target_unwritable"


class TargetFolderMissing(errors.CaseWatchError):
    key = "resilience.error.restore_target_folder"


class BackupTargetNotEmpty(errors.CaseWatchError):
    key = "resilience.error.backup_target_not_empty"


@dataclass(frozen=True)
class TableEntry:
    """One table of a snapshot as the manifest records it."""

    name: str
    file: str
    rows: int
    sha256: str
    content_hash: str
    columns: list[list[str]]  # [column name, DuckDB type], in table order

    @property
    def column_names(self) -> list[str]:
        return [name for name, _type in self.columns]


@dataclass(frozen=True)
class Manifest:
    """What manifest.json holds: where the snapshot came from and each table's checks."""

    schema_version: int
    data_version: int
    created_at: str
    source: str
    duckdb_version: str
    tables: list[TableEntry]
    format: str = FORMAT
    format_version: int = FORMAT_VERSION

    def table(self, name: str) -> TableEntry:
        return next(entry for entry in self.tables if entry.name == name)

    def to_json(self) -> str:
        return json.dumps(asdict(self), ensure_ascii=False, indent=2) + "\n"


def sha256_file(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _content(cur: Cursor, relation: Relation) -> tuple[int, str]:
    """(row count, content hash) of a relation: a table, a projection of one, or a Parquet file."""
    cur.register(_SUBJECT, relation)
    try:
        ((row_count, content_hash),) = cur.execute(load_sql("backup/content_hash")).fetchall()
    finally:
        cur.unregister(_SUBJECT)
    return int(row_count), str(content_hash)


def _columns(cur: Cursor, table: str) -> list[list[str]]:
    return [
        [str(name), str(kind)] for name, kind in cur.execute(load_sql("backup/columns"), {"table": table}).fetchall()
    ]


def backup(
    db: Database, out_dir: str | Path, *, now: dt.datetime | None = None, progress: Progress = QUIET
) -> Manifest:
    """Write a snapshot of every table of ``db`` to ``out_dir`` (absent or empty); returns its
    manifest. ``progress`` shows the tables as they are written."""
    out = Path(out_dir)
    if out.exists() and (not out.is_dir() or any(out.iterdir())):
        raise BackupTargetNotEmpty(f"{out} exists and is not an empty directory", path=str(out))
    partial = out.with_name(f"{out.name}.partial-{os.getpid()}")
    shutil.rmtree(partial, ignore_errors=True)
    try:
        partial.mkdir(parents=True)
    except OSError as exc:
        raise BackupTargetUnwritable(f"cannot write the backup at {out}: {exc}", path=str(out)) from exc
    cur = db.cursor()
    try:
        version = schema.current_version(cur)  # before the transaction: a missing table would abort it
        cur.begin()  # one read transaction: every table as of the same moment
        tables = [str(name) for (name,) in cur.execute(load_sql("backup/tables")).fetchall()]
        # a version-1 database has no meta table yet (an error would abort the transaction)
        data_version = facts.data_version(cur) if "meta" in tables else 0
        entries = []
        for name in tables:
            with progress.stage(name) as shown:
                entries.append(_backup_table(cur, name, partial))
                shown.count(entries[-1].rows)
        manifest = Manifest(
            schema_version=version,
            data_version=data_version,
            created_at=(now or dt.datetime.now(dt.UTC)).isoformat(timespec="seconds"),
            source=Path(db.path).name if is_local(db.path) else db.path,
            duckdb_version=ENGINE_VERSION,
            tables=entries,
        )
        (partial / MANIFEST).write_text(manifest.to_json(), encoding="utf-8")
        if out.exists():
            out.rmdir()  # empty, checked above
        partial.rename(out)
    except BaseException:
        shutil.rmtree(partial, ignore_errors=True)
        raise
    finally:
        cur.close()
    return manifest


def _backup_table(cur: Cursor, name: str, folder: Path) -> TableEntry:
    if not _TABLE_NAME.match(name):
        raise SnapshotInvalid(f"table name {name!r} cannot be a snapshot file name", path=str(folder), reason=name)
    path = folder / f"{name}.parquet"
    table = cur.table(name)
    rows, content_hash = _content(cur, table)
    table.write_parquet(str(path), compression="zstd")
    # read the file back: a snapshot is only done when its files hold what the table holds
    if _content(cur, cur.read_parquet(str(path))) != (rows, content_hash):
        raise SnapshotMismatch(f"{path.name} does not read back as table {name}", table=name, reason="read-back")
    return TableEntry(
        name=name,
        file=path.name,
        rows=rows,
        sha256=sha256_file(path),
        content_hash=content_hash,
        columns=_columns(cur, name),
    )


def read_manifest(snapshot_dir: str | Path) -> Manifest:
    """The snapshot's manifest; raises SnapshotInvalid when it is absent or malformed."""
    folder = Path(snapshot_dir)
    path = folder / MANIFEST
    if not path.is_file():
        raise SnapshotInvalid(f"no {MANIFEST} in {folder}", path=str(folder), reason=f"no {MANIFEST}")
    try:
        raw: Any = json.loads(path.read_text(encoding="utf-8"))
        if raw.get("format") != FORMAT or raw.get("format_version") != FORMAT_VERSION:
            raise ValueError(f"format {raw.get('format')!r} version {raw.get('format_version')!r}")
        tables = [
            TableEntry(
                name=str(t["name"]),
                file=str(t["file"]),
                rows=int(t["rows"]),
                sha256=str(t["sha256"]),
                content_hash=str(t["content_hash"]),
                columns=[[str(c), str(k)] for c, k in t["columns"]],
            )
            for t in raw["tables"]
        ]
        manifest = Manifest(
            schema_version=int(raw["schema_version"]),
            data_version=int(raw["data_version"]),
            created_at=str(raw["created_at"]),
            source=str(raw["source"]),
            duckdb_version=str(raw["duckdb_version"]),
            tables=tables,
        )
    except (ValueError, KeyError, TypeError, AttributeError) as exc:
        raise SnapshotInvalid(
            f"{path} is not a snapshot manifest: {exc}", path=str(folder), reason=str(exc)[:200]
        ) from exc
    names = [entry.name for entry in tables]
    for entry in tables:
        # names become table and file names: a manifest must not reach outside its directory
        if not _TABLE_NAME.match(entry.name) or entry.file != f"{entry.name}.parquet" or names.count(entry.name) > 1:
            raise SnapshotInvalid(f"bad table entry {entry.name!r}", path=str(folder), reason=f"table {entry.name!r}")
    return manifest


def verify(snapshot_dir: str | Path) -> Manifest:
    """The manifest, after checking every file against it (presence, sha256, rows, content,
    columns) and that no other Parquet file lies beside them; raises SnapshotMismatch."""
    folder = Path(snapshot_dir)
    manifest = read_manifest(folder)
    listed = {entry.file for entry in manifest.tables}
    extra = sorted(p.name for p in folder.glob("*.parquet") if p.name not in listed)
    if extra:
        raise SnapshotMismatch(f"files not in the manifest: {extra}", table=extra[0], reason="not in the manifest")
    con = open_connection(":memory:", read_only=False)
    try:
        for entry in manifest.tables:
            _verify_file(con, folder, entry)
    finally:
        con.close()
    return manifest


def _verify_file(con: Cursor, folder: Path, entry: TableEntry) -> None:
    path = folder / entry.file
    if not path.is_file():
        raise SnapshotMismatch(f"{entry.file} is missing", table=entry.name, reason="file missing")
    if sha256_file(path) != entry.sha256:
        raise SnapshotMismatch(f"{entry.file}: sha256 differs", table=entry.name, reason="sha256 differs")
    try:
        relation = con.read_parquet(str(path))
        found_columns = list(relation.columns)
        found = _content(con, relation)
    except QueryError as exc:
        raise SnapshotMismatch(
            f"{entry.file} is not readable Parquet: {exc}", table=entry.name, reason="unreadable"
        ) from exc
    if found_columns != entry.column_names:
        raise SnapshotMismatch(f"{entry.file}: columns differ", table=entry.name, reason="columns differ")
    if found[0] != entry.rows:
        raise SnapshotMismatch(
            f"{entry.file}: {found[0]} rows, manifest says {entry.rows}", table=entry.name, reason="row count differs"
        )
    if found[1] != entry.content_hash:
        raise SnapshotMismatch(f"{entry.file}: content hash differs", table=entry.name, reason="content hash differs")


def restore(snapshot_dir: str | Path, db_path: str, *, replace: bool = False, progress: Progress = QUIET) -> Manifest:
    """Restore a verified snapshot into a new database file at ``db_path``; returns its manifest.
    ``progress`` shows the stages (verify, each table loaded, facts).

    Refuses (before writing anything) a snapshot that does not match its manifest, one from a
    newer schema than this CaseWatch knows, and an existing ``db_path`` unless ``replace``.
    """
    if not is_local(db_path):
        raise SnapshotInvalid(f"restore needs a local database file, not {db_path}", path=db_path, reason="not local")
    folder = Path(snapshot_dir)
    with progress.stage("verify"):
        manifest = verify(folder)
    known = schema.latest_version()
    if manifest.schema_version > known:
        raise errors.SchemaTooNew(
            f"snapshot schema version {manifest.schema_version} is newer than this CaseWatch ({known})",
            found=manifest.schema_version,
            known=known,
        )
    target = Path(db_path)
    if target.exists():
        if not replace:
            raise TargetExists(f"{target} exists; add --replace to overwrite it", path=str(target))
        _check_not_in_use(str(target))
    if not target.parent.is_dir():
        raise TargetFolderMissing(f"no folder {target.parent} to restore the database into", path=str(target.parent))
    _remove_stale_restores(target)
    fresh = target.with_name(f"{target.name}.restoring-{os.getpid()}")
    with _discard_on_error(fresh):
        try:
            _load(folder, manifest, str(fresh), progress)
        except QueryError as exc:  # rows the schema refuses (a bad date, a key twice): nothing restored
            raise SnapshotMismatch(
                f"the snapshot's rows do not fit the schema: {exc}", table="—", reason=str(exc).splitlines()[0]
            ) from exc
        db = Database(str(fresh))  # applies the migrations newer than the snapshot
        try:
            with progress.stage("facts"), db.write() as con:
                db.run_script(con, "facts/rebuild")  # the derived layer and its macro
        finally:
            db.close()
        _remove_database_files(target)
        os.replace(fresh, target)
    return manifest


def _check_not_in_use(path: str) -> None:
    """Raises DatabaseLocked when another process holds the file (an app serving it, an import,
    a reader): a read-write open needs every other process gone. A file that is no database, or
    one of a newer schema, is not in use and may be replaced - what restoring is for."""
    with suppress(errors.NotADatabase):
        open_connection(path, read_only=False).close()


def _remove_stale_restores(target: Path) -> None:
    """Removes what restores killed midway left beside the target (a .restoring-PID file whose
    process is gone)."""
    for leftover in target.parent.glob(f"{target.name}.restoring-*"):
        pid = leftover.name.rsplit("-", 1)[-1].removesuffix(".wal")
        if pid.isdigit() and not Path(f"/proc/{pid}").exists():
            with suppress(FileNotFoundError):
                leftover.unlink()


@contextmanager
def _discard_on_error(fresh: Path) -> Iterator[None]:
    _remove_database_files(fresh)
    try:
        yield
    except BaseException:
        _remove_database_files(fresh)
        raise


def _remove_database_files(path: Path) -> None:
    # a stale write-ahead log next to the new file would be replayed into it on the next open
    for leftover in (path, path.with_name(path.name + ".wal")):
        with suppress(FileNotFoundError):
            leftover.unlink()


def _load(folder: Path, manifest: Manifest, path: str, progress: Progress = QUIET) -> None:
    """A new database at ``path`` with the schema at the snapshot's version and every table loaded
    and checked, in one transaction."""
    con = open_connection(path, read_only=False)
    try:
        con.begin()
        for migration in schema.migrations():
            if migration.version <= manifest.schema_version:
                con.execute(load_sql(migration.name))
        made = {str(name) for (name,) in con.execute(load_sql("backup/tables")).fetchall()}
        for entry in manifest.tables:
            with progress.stage(entry.name) as shown:
                _load_table(con, folder, entry, entry.name in made)
                shown.count(entry.rows)
        con.commit()
    finally:
        con.close()


def _load_table(con: Cursor, folder: Path, entry: TableEntry, in_schema: bool) -> None:
    source = con.read_parquet(str(folder / entry.file))
    if not in_schema:
        # a table the schema does not make (the derived layer, demo truth): as the snapshot has it
        source.create(entry.name)
    else:
        wanted = [name for name, _type in _columns(con, entry.name)]
        if sorted(wanted) != sorted(entry.column_names):
            raise SnapshotMismatch(
                f"table {entry.name}: snapshot columns {entry.column_names} differ from the schema's {wanted}",
                table=entry.name,
                reason="columns differ from the schema",
            )
        project(source, wanted).insert_into(entry.name)
    loaded = _content(con, project(con.table(entry.name), entry.column_names))
    if loaded != (entry.rows, entry.content_hash):
        raise SnapshotMismatch(
            f"table {entry.name} does not hold what the snapshot holds", table=entry.name, reason="loaded rows differ"
        )
