"""A message too long for its robot goes in parts that each fit, cut on section boundaries and
measured in bytes (found in review: a WeCom digest of six cases posted 5,406 bytes, and WeCom takes
2,048 bytes of UTF-8; apprise counts characters and passed it through). Each part is rate-limited
and logged; the alerts are sent with the last part; a crash or a failed part repeats at most the
part in flight.

The digest scenario: the two-member case of tests/support/alert_servers.py and five more cases
naming M1's store JiaYi Direct, filed 2026-12-02..06 with a TRO on 12-10; M1's only channel is a
WeCom robot taking a daily digest in Chinese. At NOW M1 has 12 alerts due (a new case and a TRO in
each of 6 cases): a digest of 6 sections, each 870 bytes (883 for Omega's, with the longer plaintiff
line) joined by a 28-byte separator ("\\n\\n" + 8 em dashes of 3 bytes + "\\n\\n"), titled
"CaseWatch 摘要：12 条提醒" - 5,406 bytes in one. A part's title with its number, " (1/3)", is 37
bytes, then 2 for the line break: two sections make 37 + 2 + 870 + 28 + 870 = 1,807 bytes, three
would make 2,675. So 3 parts: 1,807, 1,807 and 37 + 2 + 870 + 28 + 883 = 1,820 bytes."""

from __future__ import annotations

import datetime as dt
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from casewatch.access import SYSTEM
from casewatch.alerts import channels, delivery, outbox, parts
from casewatch.alerts.channels import Secrets
from casewatch.alerts.messages import DIGEST_SEPARATOR, Message
from casewatch.db import Database
from casewatch.ingest import import_files
from tests.support import alert_servers, templates
from tests.support.alert_servers import NOW, TODAY, RobotReceiver, add_default_contact, import_two_member_case

SECRETS = Secrets(None, "a@b.example", {"r_wecom": "k1"})
TITLES = [f"CaseWatch 摘要：12 条提醒 ({n}/3)" for n in (1, 2, 3)]


class Killed(Exception):
    """The process dies: what a SIGKILL between a send and its record leaves."""


robots = alert_servers.robots  # a fixture (tests/support/alert_servers.py)


def build_six_cases(path: str) -> None:
    """The digest scenario's database at path, closed (its files written in a folder of its own)."""
    with tempfile.TemporaryDirectory() as folder, Database(path) as db:
        _six_cases(db, Path(folder))


@pytest.fixture
def six_cases(tmp_path: Path) -> Iterator[Database]:
    # built once per session and copied (tests/support/templates.py): every time is fixed (TODAY, NOW)
    db = Database(templates.copy_of("alerts_six_cases", build_six_cases, tmp_path / "parts.duckdb"))
    yield db
    db.close()


def _six_cases(db: Database, tmp_path: Path) -> None:
    add_default_contact(db)
    import_two_member_case(db, tmp_path)
    cases = [f"ilnd:1:26-cv-091{i:02d}" for i in range(5)]
    (tmp_path / "c.csv").write_text(
        "case_id,case_name,filed_on,plaintiff,brand,law_firm,ip_type,case_kind,sector_code\n"
        + "".join(
            f"{c},Brand{i} v. Schedule A,2026-12-0{i + 2},Brand{i} Holdings LLC,Brand{i},Firm Z,trademark,"
            "schedule_a,S0201\n"
            for i, c in enumerate(cases)
        )
    )
    (tmp_path / "s.csv").write_text(
        "case_id,store_name,platform,seller_id,frozen_usd\n"
        + "".join(f"{c},JiaYi Direct,amazon,A1JIAYI0001,1200\n" for c in cases)
    )
    (tmp_path / "e.csv").write_text(
        "case_id,event_on,kind,detail\n" + "".join(f"{c},2026-12-10,tro,TRO\n" for c in cases)
    )
    import_files(db, [tmp_path / "c.csv", tmp_path / "s.csv", tmp_path / "e.csv"], today=TODAY)
    outbox.save_channel(db, "member:M1", "wecom", "r_wecom", by=SYSTEM, lang="zh", delivery="digest")


def m1(db: Database) -> list[tuple[str, int]]:
    return db.sql("SELECT status, count(*) AS n FROM alerts WHERE recipient = 'member:M1' AND due_on <= "
                  "DATE '2026-12-14' GROUP BY ALL ORDER BY ALL").values.tolist()  # fmt: skip


def log(db: Database) -> list[list[object]]:
    return db.sql("SELECT part, parts, ok FROM delivery_log WHERE kind = 'wecom' ORDER BY \"at\", part").values.tolist()


def refs(text: str) -> list[str]:
    return [ref for line in text.splitlines() if line.startswith("提醒编号: ") for ref in line[6:].split()]


def test_a_long_wecom_digest_goes_in_parts_of_at_most_2048_bytes(six_cases: Database, robots: RobotReceiver) -> None:
    report = delivery.send(six_cases, secrets=SECRETS, now=NOW)
    assert (report.messages, report.alerts_sent, report.failed) == (3, 12, 0)
    assert [post.text.split("\r\n", 1)[0] for post in robots.posts] == TITLES
    # (two cases a part, each with the rule note, whose "或法院所在州的假日" added 27 bytes a case)
    assert [post.size for post in robots.posts] == [1861, 1861, 1874]
    bodies = [post.text.split("\r\n", 1)[1] for post in robots.posts]
    assert [body.count(DIGEST_SEPARATOR) for body in bodies] == [1, 1, 1]  # two whole cases a part
    every = [ref for body in bodies for ref in refs(body)]
    sent = six_cases.sql("SELECT alert_id FROM alerts WHERE status = 'sent'")["alert_id"]
    assert sorted(every) == sorted(a[:12] for a in sent) and len(every) == 12  # each alert in one part
    assert log(six_cases) == [[1, 3, True], [2, 3, True], [3, 3, True]]
    assert outbox.delivery_log(six_cases)[["alerts", "part"]].values.tolist() == [[12, "3/3"], [12, "2/3"], [12, "1/3"]]
    assert m1(six_cases) == [["sent", 12]]


def test_each_part_counts_against_the_rate_limit(six_cases: Database) -> None:
    clock, posted = [0.0], []

    def sleep(seconds: float) -> None:
        clock[0] += seconds

    def transmit(url: str, title: str, body: str, hidden: tuple[str, ...]) -> None:
        posted.append((title, clock[0]))

    delivery.send(
        six_cases, secrets=SECRETS, now=NOW, rates={"wecom": 2}, sleep=sleep, clock=lambda: clock[0], transmit=transmit
    )
    assert posted == [(TITLES[0], 0.0), (TITLES[1], 0.0), (TITLES[2], 60.0)]


def test_a_crash_after_a_part_went_repeats_that_part_only(six_cases: Database, robots: RobotReceiver) -> None:
    calls: list[str] = []

    def dies_after_the_second(url: str, title: str, body: str, hidden: tuple[str, ...]) -> str | None:
        calls.append(title)
        error = channels.transmit(url, title, body, hidden)
        if len(calls) == 2:
            raise Killed  # part 2 is at the robot, its record never written
        return error

    with pytest.raises(Killed):
        delivery.send(six_cases, secrets=SECRETS, now=NOW, transmit=dies_after_the_second)
    assert log(six_cases) == [[1, 3, True]]
    assert m1(six_cases) == [["pending", 12]]
    # the rerun the same day goes on with the digest cut short (it is not today's second digest)
    report = delivery.send(six_cases, secrets=SECRETS, now=NOW + dt.timedelta(minutes=5))
    assert (report.messages, report.alerts_sent, report.deferred) == (2, 12, 0)
    assert [post.text.split("\r\n", 1)[0] for post in robots.posts] == [TITLES[0], TITLES[1], TITLES[1], TITLES[2]]
    assert log(six_cases) == [[1, 3, True], [2, 3, True], [3, 3, True]]
    assert m1(six_cases) == [["sent", 12]]
    assert six_cases.sql("SELECT count(*) AS n FROM alert_deliveries WHERE parts_sent IS NOT NULL")["n"].iloc[0] == 0


def test_a_failed_part_is_retried_without_the_parts_that_went(six_cases: Database, robots: RobotReceiver) -> None:
    robots.refuse = {2}  # the robot answers HTTP 500 to the second post
    first = delivery.send(six_cases, secrets=SECRETS, now=NOW)
    assert (first.messages, first.failed, first.alerts_sent) == (1, 1, 0)
    assert log(six_cases) == [[1, 3, True], [2, 3, False]]
    # within the backoff nothing is tried; after it, parts 2 and 3 only
    assert delivery.send(six_cases, secrets=SECRETS, now=NOW + dt.timedelta(seconds=20)).messages == 0
    again = delivery.send(six_cases, secrets=SECRETS, now=NOW + dt.timedelta(seconds=31))
    assert (again.messages, again.failed, again.alerts_sent) == (2, 0, 12)
    assert [post.text.split("\r\n", 1)[0] for post in robots.posts] == TITLES
    assert m1(six_cases) == [["sent", 12]]


# parts.split on its own. A title "T" numbered " (999/999)" while cutting is 11 bytes, + 2 for the
# line break: with a limit of 101 bytes a body may take 88. 甲 is 3 bytes of UTF-8; the digest
# separator 28.
def test_split_counts_bytes_and_keeps_sections_whole(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(parts.LIMITS, "wecom", 101)
    one, two, three = "甲" * 10, "乙" * 10, "丙" * 10  # 30 bytes each, 10 characters
    message = Message("T", DIGEST_SEPARATOR.join([one, two, three]))  # 13 + 30 * 3 + 28 * 2 = 159 bytes
    assert parts.split(message, "wecom") == [
        Message("T (1/2)", one + DIGEST_SEPARATOR + two),  # 30 + 28 + 30 = 88: fits
        Message("T (2/2)", three),
    ]
    assert parts.split(message, "email") == [message]  # e-mail is not cut
    short = Message("T", one + DIGEST_SEPARATOR + two)
    assert parts.split(short, "wecom") == [short]  # 2 + 1 + 88 = 91 bytes: as it is, unnumbered


def test_split_cuts_a_section_at_line_breaks_and_a_line_by_characters(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(parts.LIMITS, "wecom", 101)
    lines = "甲" * 20 + "\n" + "乙" * 20 + "\n" + "丙" * 20  # 60 bytes a line: two lines are 121
    assert [p.body for p in parts.split(Message("T", lines), "wecom")] == ["甲" * 20, "乙" * 20, "丙" * 20]
    # one line of 150 bytes: 29 characters (87 bytes) a part, then the other 21
    assert [p.body for p in parts.split(Message("T", "甲" * 50), "wecom")] == ["甲" * 29, "甲" * 21]


def test_sizes_as_each_robot_receives_the_text() -> None:
    assert parts.size("wecom", "甲") == 3  # UTF-8
    assert parts.size("dingtalk", "甲") == 8  # "\\u7532" in quotes: apprise escapes non-ASCII for DingTalk
    assert parts.size("feishu", "甲") == 5  # "甲" in quotes, UTF-8
