"""``alerts`` on the command line refuses a bad option with ``error: OPTION 'VALUE': why`` and exit
2, having written nothing - no traceback (found in review: an empty --email or --brand raised
StopIteration, an SMTP port that is not a number and a negative --every raised ValueError, an empty
--member-id was taken for no member at all, an unknown sector code was saved, removing a watch that
was not there said nothing). On the two-member scenario of tests/support/alert_servers.py, with an
e-mail channel for M1 and nothing sent yet."""

from __future__ import annotations

import datetime as dt
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from casewatch.__main__ import main
from casewatch.access import SYSTEM
from casewatch.alerts import delivery, outbox
from casewatch.alerts.channels import Secrets
from casewatch.db import Database
from tests.support.alert_servers import CASE, NOW, SmtpServer, add_default_contact, import_two_member_case

TABLES = ("alerts", "alert_deliveries", "alert_channels", "watch_list", "delivery_log")


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("alerts_cli")
    with Database(str(folder / "cli.duckdb")) as db:
        add_default_contact(db)
        outbox.save_channel(db, "member:M1", "email", "m1@example.com", by=SYSTEM)
        import_two_member_case(db, folder)
    return folder / "cli.duckdb"


@pytest.fixture
def path(built: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    monkeypatch.delenv("CASEWATCH_SMTP_URL", raising=False)
    copy = tmp_path / "cli.duckdb"
    shutil.copy(built, copy)
    yield str(copy)


def contents(path: str) -> dict[str, list[list[object]]]:
    with Database(path) as db:
        return {table: db.sql(f"SELECT * FROM {table} ORDER BY ALL").values.tolist() for table in TABLES}


PORT = "the port is not a number from 1 to 65535"
EVERY = "not a positive number of seconds"
LOOP = ["send", "--smtp", "smtp://127.0.0.1:1", "--loop", "--every"]
REFUSED = [
    (["channel", "add", "--member-id", "M1", "--email", ""], "--email '': empty"),
    (["channel", "add", "--member-id", "", "--email", "a@b.example"], "--member-id '': empty"),
    (["channel", "add", "--staff", " ", "--wecom", "ops"], "--staff ' ': empty"),
    (
        ["channel", "add", "--member-id", "M1", "--email", "x,y@example.com"],
        "--email: e-mail address 'x,y@example.com': apprise does not read it as one e-mail address",
    ),
    (
        ["channel", "add", "--member-id", "M1", "--email", "q@example.com", "--quiet", "22"],
        "--quiet '22': quiet hours are FROM-TO, both hours 0-23, e.g. 22-8",
    ),
    (["channel", "list", "--member-id", ""], "--member-id '': empty"),
    (["channel", "list", "--member-id", "M9"], "--member-id: no member 'M9' in the register"),
    (["watch", "add", "--member-id", "M1", "--brand", ""], "--brand '': empty"),
    (
        ["watch", "add", "--member-id", "M1", "--sector", "NO_SUCH_SECTOR"],
        "--sector: unknown sector code 'NO_SUCH_SECTOR'",
    ),
    (
        ["watch", "remove", "--member-id", "M1", "--brand", "never-watched"],
        "--brand 'never-watched': member:M1 does not watch it",
    ),
    (["send", "--smtp", "smtp://127.0.0.1:notaport"], f"--smtp 'smtp://127.0.0.1:notaport': {PORT}"),
    (["send", "--smtp", "smtp://127.0.0.1:99999"], f"--smtp 'smtp://127.0.0.1:99999': {PORT}"),
    (["send", "--smtp", "smtp://127.0.0.1:0"], f"--smtp 'smtp://127.0.0.1:0': {PORT}"),
    (
        ["send", "--smtp", "http://127.0.0.1:25"],
        "--smtp 'http://127.0.0.1:25': not an SMTP URL (smtp://host:port or smtps://host:port)",
    ),
    (["send", "--smtp", "smtp://mailer:hunter2@127.0.0.1:x"], f"--smtp 'smtp://mailer:***@127.0.0.1:x': {PORT}"),
    ([*LOOP, "-5"], f"--every '-5': {EVERY}"),
    ([*LOOP, "0"], f"--every '0': {EVERY}"),
    ([*LOOP, "nan"], f"--every 'nan': {EVERY}"),
]


@pytest.mark.parametrize(("argv", "said"), REFUSED, ids=[" ".join(a) for a, _ in REFUSED])
def test_a_bad_option_is_named_exits_2_and_writes_nothing(
    path: str, argv: list[str], said: str, capsys: pytest.CaptureFixture[str]
) -> None:
    before = contents(path)
    area, *rest = argv
    action = [rest.pop(0)] if area in ("channel", "watch") else []
    code = main(["alerts", area, *action, "--db", path, *rest])
    err = capsys.readouterr().err
    assert (code, err) == (2, f"error: {said}\n")
    assert "hunter2" not in err
    assert contents(path) == before


def test_a_bad_smtp_url_in_the_environment_is_named_too(
    path: str, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("CASEWATCH_SMTP_URL", "smtp://127.0.0.1:port")
    before = contents(path)
    assert main(["alerts", "send", "--db", path]) == 2
    assert capsys.readouterr().err == (
        "error: CASEWATCH_SMTP_URL 'smtp://127.0.0.1:port': the port is not a number from 1 to 65535\n"
    )
    assert contents(path) == before


def test_sectors_are_watched_by_their_code_and_removed_again(path: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["alerts", "watch", "add", "--db", path, "--member-id", "M1", "--sector", " s0201 "]) == 0
    assert main(["alerts", "watch", "add", "--db", path, "--member-id", "M1", "--brand", "  Acme   Toys "]) == 0
    assert main(["alerts", "watch", "list", "--db", path]) == 0
    assert capsys.readouterr().out == "member:M1\tbrand\tAcme Toys\nmember:M1\tsector\tS0201\n"
    assert main(["alerts", "watch", "remove", "--db", path, "--member-id", "M1", "--sector", "S0201"]) == 0
    assert main(["alerts", "watch", "remove", "--db", path, "--member-id", "M1", "--brand", "Acme  Toys"]) == 0
    assert contents(path)["watch_list"] == []
    assert main(["alerts", "channel", "list", "--db", path, "--member-id", "M1"]) == 0
    (line,) = capsys.readouterr().out.splitlines()
    assert line.split("\t")[1:] == ["member:M1", "email", "m1@example.com", "zh", "immediate"]


def test_the_log_and_the_outbox_print_an_empty_field_for_a_missing_value(
    path: str, smtp: SmtpServer, capsys: pytest.CaptureFixture[str]
) -> None:
    """Found in testing: a delivery that went has no error, and the log printed "nan" for it (the
    outbox did too for an alert about no case, such as a wave's)."""
    with Database(path) as db:
        down = SmtpServer()  # not started: the first try fails, its retry 31 s later goes
        assert delivery.send(db, secrets=Secrets(down.url, "a@b.example"), now=NOW).failed == 1
        later = NOW + dt.timedelta(seconds=31)
        report = delivery.send(db, secrets=Secrets(smtp.url, "a@b.example"), now=later)
        assert (report.messages, report.failed) == (1, 0)
        with db.write() as con:
            con.execute("UPDATE alerts SET case_id = NULL WHERE rule = 'new_case'")
    capsys.readouterr()
    assert main(["alerts", "log", "--db", path]) == 0
    went, failed = (line.split("\t") for line in capsys.readouterr().out.splitlines())
    assert went[1:] == ["member:M1", "email", "ok", "2", ""]
    assert failed[1:4] == ["member:M1", "email", "FAILED"] and failed[5]
    assert main(["alerts", "outbox", "--db", path, "--status", "sent"]) == 0
    rows = [row.split("\t") for row in capsys.readouterr().out.splitlines()]
    assert sorted((r[1], r[3]) for r in rows) == [("milestone", CASE), ("new_case", "")]
