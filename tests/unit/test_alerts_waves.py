"""Herding waves in alerts: the rules read the latest stored herding run (herding_waves, which the
import path recomputes after each commit), so a wave found after an import alerts at the next
``alerts send``. Stored results are planted by hand here (the detector is tested elsewhere): a wave
of brand Omega since 2026-11, top cities [Shenzhen 440300], top sectors [S02 Toys & Games].
Register (tests/fixtures/tiny): M1 Shenzhen S0201 (parent S02) - in the wave's city and sector;
M2 Guangzhou S0101, M3 Shantou S0201, M4 Shenzhen S0301 - not. Analyst a1 gets it too."""

from __future__ import annotations

import datetime as dt
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from casewatch.access import SYSTEM
from casewatch.alerts import delivery, outbox, rules
from casewatch.alerts.channels import Secrets
from casewatch.db import Database
from casewatch.ingest import import_files
from tests.support import templates
from tests.support.alert_servers import NOW, TINY, TODAY, SmtpServer, import_two_member_case, text_of
from tests.support.roles import add_users

A1 = "staff:a1@example.com"


def plant_wave(db: Database, entity: str, start: str, *, cities: str, sectors: str) -> None:
    """A newest stored herding run holding one active wave (what herding.store writes, reduced)."""
    with db.write() as con:
        run_id = con.execute("SELECT coalesce(max(run_id), 0) + 1 FROM herding_runs").fetchall()[0][0]
        con.execute(
            "INSERT INTO herding_runs (run_id, data_version, computed_at, waves, cohorts) "
            "VALUES ($run, 1, TIMESTAMP '2026-12-14 01:00:00', 1, 0)",
            {"run": run_id},
        )
        con.execute(
            "INSERT INTO herding_waves (run_id, wave_id, entity_kind, entity, pattern, trigger, start_month, "
            "end_month, months, members_hit, peak_members, active, cases, top_cities, top_sectors) VALUES "
            "($run, 'B0001', 'brand', $entity, 'wave', 'spike', CAST($start AS DATE), DATE '2026-12-01', 2, 7, 5, "
            "true, 4, string_split($cities, ','), string_split($sectors, ','))",
            {"run": run_id, "entity": entity, "start": start, "cities": cities, "sectors": sectors},
        )


def build_waves_db(path: str) -> None:
    """The scenario's database at path, closed (its files written in a folder of its own)."""
    with tempfile.TemporaryDirectory() as folder, Database(path) as database:
        import_files(database, [TINY / "members.csv", TINY / "member_stores.csv"], today=TODAY)
        add_users(database)
        for recipient, address, lang in (("member:M1", "m1@example.com", "en"), ("member:M4", "m4@example.com", "en"),
                                         (A1, "a1@example.com", "en")):  # fmt: skip
            outbox.save_channel(database, recipient, "email", address, by=SYSTEM, lang=lang)
        import_two_member_case(database, Path(folder))


@pytest.fixture
def db(tmp_path: Path) -> Iterator[Database]:
    # built once per session and copied (tests/support/templates.py): every time is fixed (TODAY)
    database = Database(templates.copy_of("alerts_waves", build_waves_db, tmp_path / "waves.duckdb"))
    yield database
    database.close()


def wave_alerts(db: Database) -> list[tuple[str, str, str]]:
    found = db.sql("SELECT recipient, subject, detail FROM alerts WHERE rule = 'wave' ORDER BY recipient")
    return [tuple(map(str, row)) for row in found.itertuples(index=False, name=None)]


def test_a_stored_wave_alerts_the_members_of_its_city_and_sector_and_the_analysts(db: Database) -> None:
    assert wave_alerts(db) == []  # nothing stored yet
    plant_wave(db, "Omega", "2026-11-01", cities="440300", sectors="S02")
    with db.write() as con:
        rules.compute(con, TODAY)
    assert wave_alerts(db) == [
        ("member:M1", "brand|Omega|2026-11", "brand=Omega"),
        (A1, "brand|Omega|2026-11", "brand=Omega"),
    ]
    # recomputed herding renumbers its waves: the same wave in a new run is not alerted again
    with db.write() as con:
        con.execute("DELETE FROM herding_waves")
    plant_wave(db, "Omega", "2026-11-01", cities="440300,440100", sectors="S02,S01")
    with db.write() as con:
        rules.compute(con, TODAY)
    # now M2 (Guangzhou, S0101) is in it too; M1 and a1 keep their one alert
    assert [r[0] for r in wave_alerts(db)] == ["member:M1", "member:M2", A1]


def test_an_old_wave_is_not_new(db: Database) -> None:
    plant_wave(db, "Omega", "2026-08-01", cities="440300", sectors="S02")  # 2026-12-14 - 90 days = 2026-09-15
    with db.write() as con:
        rules.compute(con, TODAY)
    assert wave_alerts(db) == []


def test_waves_go_to_the_digest_and_analysts_get_a_daily_digest(db: Database, smtp: SmtpServer) -> None:
    plant_wave(db, "Omega", "2026-11-01", cities="440300", sectors="S02")
    secrets = Secrets(smtp.url, "alerts@assoc.example")
    report = delivery.send(db, secrets=secrets, now=NOW)  # the send computes the rules first
    # M1: the case at once (new case + TRO), the wave in a digest; a1: one digest (new case + wave)
    assert (report.messages, report.alerts_sent, report.failed) == (3, 5, 0)
    m1 = sorted(str(m["Subject"]) for m in smtp.mailbox.to("m1@example.com"))
    assert m1 == ["CaseWatch digest: 1 alert", "[CaseWatch] New case: Omega v. Schedule A"]
    (wave_mail,) = [m for m in smtp.mailbox.to("m1@example.com") if str(m["Subject"]).startswith("CaseWatch digest")]
    body = text_of(wave_mail)
    assert body.startswith("[CaseWatch] New wave of suits by rights holder Omega (since 2026-11)\n")
    assert "Since 2026-11 (latest 2026-12): 4 cases against sellers, mostly in Shenzhen; sectors: Toys & Games." in body
    assert "Members hit" not in body  # a member is not told how many other members were hit
    (a1,) = smtp.mailbox.to("a1@example.com")
    assert a1["Subject"] == "CaseWatch digest: 2 alerts"
    staff = text_of(a1)
    assert "[CaseWatch] New case: Omega v. Schedule A" in staff and "Members hit so far: 7" in staff
    assert smtp.mailbox.to("m4@example.com") == []  # M4: Shenzhen, but lighting
    # later that day a second wave: it waits for tomorrow's digest, on M1's and a1's channels
    plant_wave(db, "Zeta", "2026-12-01", cities="440300", sectors="S02")
    later = delivery.send(db, secrets=secrets, now=NOW + dt.timedelta(hours=4))
    assert (later.messages, later.deferred) == (0, 2)
    tomorrow = delivery.send(db, secrets=secrets, now=NOW + dt.timedelta(days=1))
    assert tomorrow.messages == 2
    assert len(smtp.mailbox.to("a1@example.com")) == 2 and len(smtp.mailbox.to("m1@example.com")) == 3
