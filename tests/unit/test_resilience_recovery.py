"""A second app process beside one that holds the database file: read-only (or a clear message)
while the other holds it, and back to normal once it lets go, without a server restart. The other
process is a real one (tests/unit/test_failures.py ``held``), started and stopped here."""

from __future__ import annotations

import threading

import pytest

from casewatch.db import Database, open_for_app
from casewatch.i18n import t
from casewatch.ui import context
from tests.support.apptest import errors as page_errors
from tests.support.apptest import open_page, rerun
from tests.unit.test_concurrency import PARAMS
from tests.unit.test_failures import can_open_elsewhere, held

Q1 = {"from": "2024-01-01", "to": "2024-03-31"}


def cases_2024(db: Database) -> int:
    return int(db.query("overview/kpis", **PARAMS).iloc[0]["cases"])


def test_read_only_database_regains_write_access_when_the_reader_lets_go(tiny_db: Database) -> None:
    tiny_db.close()
    with held(tiny_db.path, read_only=True):
        db = open_for_app(tiny_db.path)
        assert db.read_only
        assert not db.regain_write(every=0)  # the other process still reads the file
        assert db.read_only and cases_2024(db) == 4
    try:
        assert db.regain_write(every=0)
        assert not db.read_only
        with db.write() as con:  # an import could run now
            con.execute("UPDATE cases SET brand = 'Renamed' WHERE case_id = 'ilnd:1:24-cv-00001'")
        assert cases_2024(db) == 4
    finally:
        db.close()
    assert can_open_elsewhere(tiny_db.path)  # closed for good: nothing of this process holds it


def test_attempts_are_spaced(tiny_db: Database) -> None:
    tiny_db.close()
    with held(tiny_db.path, read_only=True):
        db = open_for_app(tiny_db.path)
        assert not db.regain_write(every=3600)  # tried now: still held
    try:
        assert not db.regain_write(every=3600), "the next try waits for its turn"
        assert db.read_only and cases_2024(db) == 4
    finally:
        db.close()


def test_reads_in_flight_are_not_cut_off(tiny_db: Database) -> None:
    """Going read-write closes the read-only connection: it waits for reads in progress (here one
    that stays open) and tries again later rather than closing it under them."""
    tiny_db.close()
    with held(tiny_db.path, read_only=True):
        db = open_for_app(tiny_db.path)
        db.regain_write(every=0)  # still held: nothing changes
    try:
        with db.snapshot() as reading:
            assert not db.regain_write(every=0, wait=0.2)
            assert int(reading.query("overview/kpis", **PARAMS).iloc[0]["cases"]) == 4
        assert db.regain_write(every=0) and not db.read_only
    finally:
        db.close()


def test_reads_wait_while_the_connection_is_reopened(tiny_db: Database) -> None:
    tiny_db.close()
    with held(tiny_db.path, read_only=True):
        db = open_for_app(tiny_db.path)
    try:
        answers: list[int] = []
        readers = [threading.Thread(target=lambda: answers.extend(cases_2024(db) for _ in range(20))) for _ in range(3)]
        for reader in readers:
            reader.start()
        assert db.regain_write(every=0, wait=10)
        for reader in readers:
            reader.join(timeout=30)
        assert answers == [4] * 60
    finally:
        db.close()


def test_app_beside_a_reader_gets_write_access_back_on_a_later_run(
    tiny_db: Database, monkeypatch: pytest.MonkeyPatch, fresh_caches: None
) -> None:
    tiny_db.close()
    monkeypatch.setenv("CASEWATCH_DB", tiny_db.path)
    notice = t("resilience.read_only_notice", "zh")
    with held(tiny_db.path, read_only=True):
        at = open_page(**Q1)
        assert notice in [w.value for w in at.sidebar.warning]
        rerun(at)  # within the retry interval and still held: still read-only
        assert notice in [w.value for w in at.sidebar.warning]
    monkeypatch.setattr(context, "WRITE_RETRY_SECONDS", 0.0)
    rerun(at)
    assert not page_errors(at)
    assert notice not in [w.value for w in at.sidebar.warning]
    assert [m.value for m in at.metric][:2] == ["4", "6"]
    assert not context.database(tiny_db.path).read_only


def test_app_shows_the_lock_until_the_writer_lets_go(
    tiny_db: Database, monkeypatch: pytest.MonkeyPatch, fresh_caches: None
) -> None:
    tiny_db.close()
    monkeypatch.setenv("CASEWATCH_DB", tiny_db.path)
    with held(tiny_db.path, read_only=False) as pid:
        at = open_page(**Q1)
        assert at.error and str(pid) in at.error[0].value and not at.title
    rerun(at)  # the next run, no server restart
    assert not page_errors(at) and at.title
    assert not context.database(tiny_db.path).read_only
