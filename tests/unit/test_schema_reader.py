"""A CLI reader of a database written by an older CaseWatch (report and export open it
read-only) has it upgraded first: its queries would not fit the old tables (found in review:
report failed with a Binder Error on a wave column an upgrade adds)."""

from __future__ import annotations

import argparse
from pathlib import Path

from casewatch import schema
from casewatch.cli._common import open_db
from casewatch.db import Database
from casewatch.facts import set_meta
from tests.support.databases import FIXTURES, load_csv_tables


def test_a_read_only_open_upgrades_an_older_database_first(tmp_path: Path) -> None:
    path = str(tmp_path / "old.duckdb")
    db = Database(path)
    load_csv_tables(db, FIXTURES / "tiny")
    with db.write() as con:
        set_meta(con, "derived_sha", "written-by-an-older-casewatch")
        con.execute("DELETE FROM schema_version WHERE version = (SELECT max(version) FROM schema_version)")
    assert schema.outdated(db)
    db.close()
    reader = open_db(argparse.Namespace(db=path), read_only=True)
    try:
        assert reader.read_only
        assert not schema.outdated(reader)
        assert reader.meta("derived_sha") == schema.derived_sha()
    finally:
        reader.close()


def test_a_backup_leaves_an_older_database_as_it_is(tmp_path: Path) -> None:
    path = str(tmp_path / "old.duckdb")
    db = Database(path)
    load_csv_tables(db, FIXTURES / "tiny")
    with db.write() as con:
        set_meta(con, "derived_sha", "written-by-an-older-casewatch")
    db.close()
    reader = open_db(argparse.Namespace(db=path), read_only=True, upgrade=False)
    try:
        assert reader.meta("derived_sha") == "written-by-an-older-casewatch"
    finally:
        reader.close()
