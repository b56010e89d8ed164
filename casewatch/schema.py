"""Versioned schema: queries/schema/v1.sql is version 1, queries/migrations/NNN_name.sql the rest.

``upgrade`` applies what an existing database lacks, each version in its own transaction, then
(re)loads the reference data from data/*.csv when it changed and rebuilds derived tables. It works
on any ``Store`` (a ``casewatch.db.Database``), so that the database door can upgrade on open.
"""

from __future__ import annotations

import hashlib
import re
from contextlib import AbstractContextManager
from dataclasses import dataclass
from typing import Protocol

from casewatch import deadlines, errors
from casewatch.facts import bump_data_version, derived_sha, meta, set_meta
from casewatch.sql import QUERIES_DIR, ROOT, Connection, load_sql

DATA_DIR = ROOT / "data"
# table -> reference file; loaded in this order (an upsert on the table's key).
REFERENCE = {
    "cities": "cities.csv",
    "districts": "districts.csv",
    "sectors": "sectors.csv",
    "platforms": "platforms.csv",
    "courts": "courts.csv",
    "codes": "codes.csv",
}


class Store(Protocol):
    """What an upgrade needs of a database: a cursor to read, a transaction to write."""

    def cursor(self) -> Connection: ...

    def write(self) -> AbstractContextManager[Connection]: ...


@dataclass(frozen=True)
class Migration:
    version: int
    name: str  # query name under queries/


def migrations() -> list[Migration]:
    """All schema versions, oldest first."""
    found = [Migration(1, "schema/v1")]
    for path in sorted((QUERIES_DIR / "migrations").glob("*.sql")):
        match = re.match(r"^(\d+)_\w+$", path.stem)
        if match:
            found.append(Migration(int(match.group(1)), f"migrations/{path.stem}"))
    versions = [m.version for m in found]
    if versions != sorted(set(versions)):
        raise RuntimeError(f"migration versions must be unique and ascending: {versions}")
    return found


def latest_version() -> int:
    return migrations()[-1].version


def has_table(con: Connection, table: str) -> bool:
    rows = con.execute(load_sql("schema/has_table"), {"table": table}).fetchall()
    return bool(rows[0][0])


def current_version(con: Connection) -> int:
    """The highest schema version applied; 0 for a database without the schema."""
    if not has_table(con, "schema_version"):
        return 0
    row = con.execute(load_sql("schema/current_version")).fetchone()
    return int(row[0]) if row else 0


def check_version(db: Store) -> int:
    """The database's schema version; raises SchemaTooNew when it is newer than ours."""
    cur = db.cursor()
    try:
        version = current_version(cur)
    finally:
        cur.close()
    if version > latest_version():
        raise errors.SchemaTooNew(
            f"database schema version {version} is newer than this CaseWatch ({latest_version()})",
            found=version,
            known=latest_version(),
        )
    return version


def reference_sha() -> str:
    digest = hashlib.sha256()
    for filename in REFERENCE.values():
        digest.update((DATA_DIR / filename).read_bytes())
    digest.update(deadlines.calendar_version().encode())  # court_days follows the holidays package
    return digest.hexdigest()


def load_reference(con: Connection) -> None:
    for table, filename in REFERENCE.items():
        con.execute(load_sql(f"reference/{table}"), {"path": str(DATA_DIR / filename)})
    if has_table(con, "state_court_days"):  # schema version 49: courts have a state
        con.execute(load_sql("reference/court_states"), {"path": str(DATA_DIR / REFERENCE["courts"])})
    deadlines.load_court_days(con)
    set_meta(con, "reference_sha", reference_sha())


def upgrade(db: Store, target: int | None = None) -> int:
    """Bring the database to ``target`` (default: latest); returns the version it ends at."""
    target = latest_version() if target is None else target
    found = check_version(db)
    recorded = applied_versions(db)
    applied = False
    for migration in migrations():
        # every missing version, not only those above the highest: branches may land out of order
        if migration.version not in recorded and migration.version <= target:
            with db.write() as con:
                con.execute(load_sql(migration.name))
                con.execute(load_sql("schema/record_version"), {"version": migration.version})
            applied = True
    if target >= 2:
        with db.write() as con:
            # the derived layer (defendant_facts + filter macro) follows its SQL: rebuild on change
            reference_changed = meta(con, "reference_sha") != reference_sha()
            derived_changed = meta(con, "derived_sha") != derived_sha()
            if applied or reference_changed or derived_changed:
                if applied or reference_changed:
                    load_reference(con)
                bump_data_version(con)
                set_meta(con, "derived_sha", derived_sha())
    return max(found, target)


def outdated(db: Store) -> bool:
    """True when the database lacks a migration of this CaseWatch or its derived layer or reference
    data follow older files: an upgrade (a writing open) is due before its queries fit."""
    if set(m.version for m in migrations()) - applied_versions(db):
        return True
    cur = db.cursor()
    try:
        if not has_table(cur, "meta"):
            return True
        return meta(cur, "reference_sha") != reference_sha() or meta(cur, "derived_sha") != derived_sha()
    finally:
        cur.close()


def applied_versions(db: Store) -> set[int]:
    cur = db.cursor()
    try:
        if not has_table(cur, "schema_version"):
            return set()
        return {int(row[0]) for row in cur.execute(load_sql("schema/applied_versions")).fetchall()}
    finally:
        cur.close()
