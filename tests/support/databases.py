"""The tiny fixture database (tests/fixtures/tiny/*.csv, answers worked by hand) and small
database helpers shared by the tests."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
import streamlit as st

from casewatch.db import Database
from casewatch.facts import bump_data_version

FIXTURES = Path(__file__).parent.parent / "fixtures"
TINY_TABLES = ("members", "member_stores", "cases", "defendants", "events")


def load_csv_tables(db: Database, folder: Path, tables: tuple[str, ...] = TINY_TABLES) -> None:
    """Insert each <table>.csv of folder by column name, then rebuild the derived layer. Record
    keys (the noise of members' aggregates, docs/privacy.md) are random unless the folder fixes
    them in member_keys.csv / defendant_keys.csv; they live apart so that the tables' files still
    load into a schema-1 database (tests/unit/test_schema.py)."""
    with db.write() as con:
        for table in tables:
            path = folder / f"{table}.csv"
            columns = path.read_text(encoding="utf-8").splitlines()[0].split(",")
            names = ", ".join(columns)
            con.execute(
                # table and column names come from our own fixture files; values are cast on insert
                f"INSERT INTO {table} ({names}) SELECT {names} FROM read_csv($path, header = true, all_varchar = true)",
                {"path": str(path)},
            )
        if (folder / "member_keys.csv").exists():
            con.execute(
                "UPDATE members m SET record_key = k.record_key::INTEGER "
                "FROM read_csv($path, header = true, all_varchar = true) k WHERE m.member_id = k.member_id",
                {"path": str(folder / "member_keys.csv")},
            )
        if (folder / "defendant_keys.csv").exists():
            con.execute(
                "UPDATE defendants d SET record_key = k.record_key::INTEGER "
                "FROM read_csv($path, header = true, all_varchar = true) k "
                "WHERE d.case_id = k.case_id AND d.defendant_no = k.defendant_no::INTEGER",
                {"path": str(folder / "defendant_keys.csv")},
            )
        bump_data_version(con)


def fetch(db: Database, sql: str) -> list[tuple[object, ...]]:
    """Rows of SQL text (a test's own) as tuples."""
    cursor = db.cursor()
    try:
        return cursor.execute(sql).fetchall()
    finally:
        cursor.close()


def build_empty_file(path: str) -> None:
    """A new database at path (the schema, the reference data, the court calendar), closed."""
    Database(path).close()


def empty_database(path: str | Path) -> Database:
    """A new database at path: a copy of one built once per session (tests/support/templates.py)."""
    from tests.support import templates

    return Database(templates.copy_of("empty", build_empty_file, path))


def build_tiny_file(path: str) -> None:
    """The tiny fixture database at path, closed."""
    db = Database(path)
    load_csv_tables(db, FIXTURES / "tiny")
    db.close()


@contextmanager
def served_tiny(folder: Path) -> Iterator[str]:
    """The tiny fixture database in ``folder``, as the database AppTests open ($CASEWATCH_DB), with
    Streamlit's caches empty before and after: for module-scoped fixtures shared by many runs."""
    path = str(folder / "tiny.duckdb")
    build_tiny_file(path)
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("CASEWATCH_DB", path)
        st.cache_data.clear()
        st.cache_resource.clear()
        try:
            yield path
        finally:
            st.cache_data.clear()
            st.cache_resource.clear()
