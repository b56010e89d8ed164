"""Schema versions: a database made by an old version is upgraded in place and keeps every row."""

from __future__ import annotations

from pathlib import Path

import duckdb
import pytest

from casewatch import errors, schema
from casewatch.db import Database
from casewatch.sql import load_sql
from tests.support.databases import FIXTURES, TINY_TABLES

CONTRACT_TABLES = ("members", "member_stores", "cases", "defendants", "events", "imports")


def build_version_1(path: Path) -> dict[str, int]:
    """A database exactly as schema version 1 left it, filled from the tiny fixture."""
    con = duckdb.connect(str(path))
    con.execute(load_sql("schema/v1"))
    con.execute(load_sql("schema/record_version"), {"version": 1})
    counts = {}
    for table in TINY_TABLES:
        csv = FIXTURES / "tiny" / f"{table}.csv"
        names = csv.read_text(encoding="utf-8").splitlines()[0]
        con.execute(
            f"INSERT INTO {table} ({names}) SELECT {names} FROM read_csv($p, header = true, all_varchar = true)",
            {"p": str(csv)},
        )
        counts[table] = len(csv.read_text(encoding="utf-8").splitlines()) - 1
    con.execute(
        'INSERT INTO imports (import_id, "at", source_name, sha256, kind, rows_in, rows_accepted, rows_rejected, '
        "status, message) VALUES (1, TIMESTAMP '2024-04-01 10:00:00', 'old.csv', 'abc', 'cases', 5, 5, 0, 'ok', '')"
    )
    counts["imports"] = 1
    con.close()
    return counts


def table_rows(con: duckdb.DuckDBPyConnection, table: str) -> list[tuple[object, ...]]:
    return con.execute(f"SELECT * FROM {table} ORDER BY ALL").fetchall()


def test_old_database_is_upgraded_in_place_keeping_every_row(tmp_path: Path) -> None:
    path = tmp_path / "old.duckdb"
    counts = build_version_1(path)
    raw = duckdb.connect(str(path))
    before = {table: table_rows(raw, table) for table in CONTRACT_TABLES}
    raw.close()

    db = Database(str(path))
    cur = db.cursor()
    assert schema.current_version(cur) == schema.latest_version() >= 2
    for table in CONTRACT_TABLES:
        after = cur.execute(f"SELECT {', '.join(version_1_columns(table))} FROM {table} ORDER BY ALL").fetchall()
        assert len(after) == counts[table]
        assert after == before[table], table
    # the derived layer and reference data exist after the upgrade
    assert cur.execute("SELECT count(*) FROM defendant_facts").fetchone() == (9,)  # 8 defendants + empty C5
    assert cur.execute("SELECT count(*) FROM cities WHERE in_guangdong").fetchone() == (21,)
    versions = [row[0] for row in cur.execute("SELECT version FROM schema_version ORDER BY version").fetchall()]
    assert versions == [m.version for m in schema.migrations()]
    db.close()


def version_1_columns(table: str) -> list[str]:
    """The version-1 columns of a table (later versions may add columns)."""
    con = duckdb.connect(":memory:")
    con.execute(load_sql("schema/v1"))
    names = [row[0] for row in con.execute(f"DESCRIBE {table}").fetchall()]
    con.close()
    return [f'"{name}"' for name in names]


def test_upgrade_is_idempotent(tmp_path: Path) -> None:
    path = str(tmp_path / "db.duckdb")
    Database(path).close()
    db = Database(path)
    version = db.data_version()
    db.close()
    again = Database(path)
    assert again.data_version() == version  # nothing applied, nothing rebuilt
    again.close()


def test_newer_schema_is_refused(tmp_path: Path) -> None:
    path = str(tmp_path / "new.duckdb")
    Database(path).close()
    con = duckdb.connect(path)
    con.execute(load_sql("schema/record_version"), {"version": schema.latest_version() + 1})
    con.close()
    with pytest.raises(errors.SchemaTooNew):
        Database(path)
    with pytest.raises(errors.SchemaTooNew):
        Database(path, read_only=True)


def test_missing_file_read_only(tmp_path: Path) -> None:
    with pytest.raises(errors.DatabaseMissing):
        Database(str(tmp_path / "absent.duckdb"), read_only=True)


def test_not_a_database(tmp_path: Path) -> None:
    path = tmp_path / "notes.duckdb"
    path.write_text("this is not a database", encoding="utf-8")
    with pytest.raises(errors.NotADatabase):
        Database(str(path))


def test_unknown_query_name_is_refused(tiny_db: Database) -> None:
    with pytest.raises(errors.UnknownQuery):
        tiny_db.query("../schema")
    with pytest.raises(errors.UnknownQuery):
        tiny_db.query("no_such_query")


def test_derived_layer_is_rebuilt_when_its_sql_changes(tmp_path: Path) -> None:
    path = str(tmp_path / "db.duckdb")
    db = Database(path)
    with db.write() as con:
        # as if the database was made by a CaseWatch whose fact table lacked a column
        con.execute("ALTER TABLE defendant_facts DROP COLUMN case_key")
        con.execute(load_sql("meta/set"), {"key": "derived_sha", "value": "older"})
    db.close()
    again = Database(path)
    assert "case_key" in again.sql("SELECT * FROM defendant_facts LIMIT 0").columns
    assert again.meta("derived_sha") == schema.derived_sha()
    again.close()


def test_a_missing_middle_version_is_applied(tmp_path: Path) -> None:
    """A database that recorded a later version but not an earlier one still gets the earlier one."""
    path = str(tmp_path / "db.duckdb")
    Database(path).close()
    con = duckdb.connect(path)
    con.execute("DELETE FROM schema_version WHERE version = 2")
    con.execute("DROP TABLE codes")  # made by version 2
    con.close()
    db = Database(path)
    assert db.sql("SELECT count(*) AS n FROM codes")["n"].iloc[0] > 0
    assert 2 in schema.applied_versions(db)
    db.close()


def test_version_6_drops_the_member_links_key_keeping_every_row(tmp_path: Path) -> None:
    """A version-5 database comes out of the upgrade with the same rows in defendants and
    member_links, no primary key on member_links and the contract's on defendants."""
    path = tmp_path / "v5.duckdb"
    con = duckdb.connect(str(path))
    for migration in schema.migrations():  # version 1 is queries/schema/v1.sql
        if migration.version <= 5:
            con.execute(load_sql(migration.name))
            con.execute(load_sql("schema/record_version"), {"version": migration.version})
    con.execute(
        "INSERT INTO defendants (case_id, defendant_no, store_name, platform, member_id, frozen_usd, match_score) "
        "VALUES ('c:1', 1, 'Shop One', 'amazon', 'M1', 10.5, 1.0), ('c:1', 2, 'Shop Two', NULL, NULL, NULL, NULL), "
        "('c:2', 1, '店铺', 'temu', NULL, 0, NULL)"
    )
    con.execute(
        "INSERT INTO member_links (case_id, defendant_no, member_id, method, score, status, subject, linked_at) "
        "VALUES ('c:1', 1, 'M1', 'given', 1.0, 'given', 'amazon|name:shop one', TIMESTAMP '2024-05-01 08:00:00'), "
        "('c:1', 2, 'M2', 'fuzzy', 0.9, 'review', '|name:shop two', TIMESTAMP '2024-05-02 09:30:00')"
    )
    before = {table: table_rows(con, table) for table in ("defendants", "member_links")}
    columns = {table: [row[0] for row in con.execute(f"DESCRIBE {table}").fetchall()] for table in before}
    con.close()

    db = Database(str(path))
    cur = db.cursor()
    assert schema.current_version(cur) == schema.latest_version() >= 6
    after = {  # later versions add columns (10: record_key)
        table: cur.execute(f"SELECT {', '.join(columns[table])} FROM {table} ORDER BY ALL").fetchall()
        for table in before
    }
    assert after == before
    keys = cur.execute(
        "SELECT table_name, constraint_column_names FROM duckdb_constraints() WHERE constraint_type = 'PRIMARY KEY' "
        "AND table_name IN ('defendants', 'member_links')"
    ).fetchall()
    assert keys == [("defendants", ["case_id", "defendant_no"])]
    db.close()
