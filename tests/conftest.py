"""Shared fixtures: a tiny database built from tests/fixtures/tiny/*.csv (answers worked by hand)."""

from __future__ import annotations

import datetime as dt
import socket
from collections.abc import Iterator
from pathlib import Path

import pytest

from casewatch.db import Database
from casewatch.facts import bump_data_version
from tests import templates

FIXTURES = Path(__file__).parent / "fixtures"
TINY_TABLES = ("members", "member_stores", "cases", "defendants", "events")


def load_csv_tables(db: Database, folder: Path, tables: tuple[str, ...] = TINY_TABLES) -> None:
    """Insert each <table>.csv of folder by column name, then rebuild the derived layer. Record
    keys (the noise of members' aggregates, docs/privacy.md) are random unless the folder fixes
    them in member_keys.csv / defendant_keys.csv; they live apart so that the tables' files still
    load into a schema-1 database (tests/test_schema.py)."""
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


LOOPBACK = ("127.0.0.1", "::1", "localhost")


@pytest.fixture(autouse=True)
def loopback_only(monkeypatch: pytest.MonkeyPatch) -> None:
    """Every test: a connection to any address but loopback fails the test before a packet leaves
    (the feed's replay server, the SMTP and robot stand-ins and the app server all listen on 127.0.0.1)."""
    real_connect = socket.socket.connect

    def connect(self: socket.socket, address: object) -> object:
        host = address[0] if isinstance(address, tuple) else address
        if self.family in (socket.AF_INET, socket.AF_INET6) and host not in LOOPBACK:
            raise AssertionError(f"a test tried to reach {address!r}: tests talk to loopback only")
        return real_connect(self, address)  # type: ignore[arg-type]

    monkeypatch.setattr(socket.socket, "connect", connect)


def build_tiny_file(path: str) -> None:
    """The tiny fixture database at path, closed."""
    db = Database(path)
    load_csv_tables(db, FIXTURES / "tiny")
    db.close()


@pytest.fixture(scope="session", autouse=True)
def database_templates(tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    """Fixture databases are built once per session (per xdist worker) and copied (tests/templates.py)."""
    templates.use_folder(tmp_path_factory.mktemp("templates"))
    yield
    templates.use_folder(None)


@pytest.fixture
def tiny_db(tmp_path: Path) -> Iterator[Database]:
    db = Database(templates.copy_of("tiny", build_tiny_file, tmp_path / "tiny.duckdb"))
    yield db
    db.close()


@pytest.fixture
def fresh_caches() -> Iterator[None]:
    """Streamlit's data and resource caches empty before and after the test (AppTest runs share them)."""
    import streamlit as st

    st.cache_data.clear()
    st.cache_resource.clear()
    yield
    st.cache_data.clear()
    st.cache_resource.clear()


@pytest.fixture
def q1_2024() -> dict[str, object]:
    """Filter params for 2024-01-01..2024-03-31 with no other filter."""
    from casewatch.filters import Filters

    return Filters(date_from=dt.date(2024, 1, 1), date_to=dt.date(2024, 3, 31)).params()


# Browser fixtures (browser, live_app, page) for every test module; see tests/browser.py.
from tests.browser import browser, live_app, page  # noqa: E402, F401
