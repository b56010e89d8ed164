"""Versioned schema: queries/schema.sql is version 1, queries/migrations/NNN_name.sql the rest.

``upgrade`` applies what an existing database lacks, each version in its own transaction, then
(re)loads the reference data from data/*.csv when it changed and rebuilds derived tables.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from pathlib import Path

import duckdb

from casewatch import errors
from casewatch.alerts import deadlines
from casewatch.db import QUERIES_DIR, ROOT, Database, bump_data_version, load_sql, set_meta

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


@dataclass(frozen=True)
class Migration:
    version: int
    name: str  # query name under queries/


def migrations() -> list[Migration]:
    """All schema versions, oldest first."""
    found = [Migration(1, "schema")]
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


def current_version(con: duckdb.DuckDBPyConnection) -> int:
    try:
        row = con.execute(load_sql("schema_current_version")).fetchone()
    except duckdb.CatalogException:
        return 0
    return int(row[0]) if row else 0


def check_version(db: Database) -> int:
    """The database's schema version; raises SchemaTooNew / when it is newer or older than ours."""
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


def load_reference(con: duckdb.DuckDBPyConnection) -> None:
    for table, filename in REFERENCE.items():
        con.execute(load_sql(f"reference/{table}"), {"path": str(DATA_DIR / filename)})
    deadlines.load_court_days(con)
    set_meta(con, "reference_sha", reference_sha())


def upgrade(db: Database, target: int | None = None) -> int:
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
                con.execute(load_sql("schema_record_version"), {"version": migration.version})
            applied = True
    if target >= 2:
        with db.write() as con:
            stored = con.execute(load_sql("meta_get"), {"key": "reference_sha"}).fetchone()
            derived = con.execute(load_sql("meta_get"), {"key": "derived_sha"}).fetchone()
            reference_changed = stored is None or stored[0] != reference_sha()
            # the derived layer (defendant_facts + filter macro) follows its SQL: rebuild on change
            derived_changed = derived is None or derived[0] != derived_sha()
            if applied or reference_changed or derived_changed:
                if applied or reference_changed:
                    load_reference(con)
                bump_data_version(con)
                set_meta(con, "derived_sha", derived_sha())
    return max(found, target)


def outdated(db: Database) -> bool:
    """True when the database lacks a migration of this CaseWatch or its derived layer or reference
    data follow older files: an upgrade (a writing open) is due before its queries fit."""
    if set(m.version for m in migrations()) - applied_versions(db):
        return True
    cur = db.cursor()
    try:
        stored = cur.execute(load_sql("meta_get"), {"key": "reference_sha"}).fetchall()
        derived = cur.execute(load_sql("meta_get"), {"key": "derived_sha"}).fetchall()
    except duckdb.CatalogException:
        return True
    finally:
        cur.close()
    return not stored or stored[0][0] != reference_sha() or not derived or derived[0][0] != derived_sha()


def applied_versions(db: Database) -> set[int]:
    cur = db.cursor()
    try:
        return {int(row[0]) for row in cur.execute(load_sql("schema_applied_versions")).fetchall()}
    except duckdb.CatalogException:
        return set()
    finally:
        cur.close()


def derived_sha() -> str:
    """Fingerprint of the derived layer's SQL: the full rebuild and the refresh of some cases."""
    text = load_sql("rebuild_facts") + load_sql("refresh_facts")
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def schema_file(name: str) -> Path:
    return QUERIES_DIR / f"{name}.sql"
