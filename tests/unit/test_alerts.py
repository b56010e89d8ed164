"""Alerts end to end on loopback: the outbox written inside the import's transaction, delivery by
e-mail (aiosmtpd) and robots (a local HTTP receiver), row-level scope, hostile text, SMTP down and
back, digests, reminders and rate limits. Answers worked out by hand from the scenario of
tests/support/alert_servers.py: TRO Friday 2026-12-11 + 14 days = Christmas -> Monday 2026-12-28 (also the
PI hearing's last day); served with the TRO, answer + 21 = Friday 2027-01-01 (New Year's Day) ->
Monday 2027-01-04."""

from __future__ import annotations

import datetime as dt
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from casewatch import matching
from casewatch.access import SYSTEM, AccessDenied, Scope
from casewatch.alerts import channels, delivery, outbox, rules
from casewatch.alerts.channels import RateLimiter, Secrets
from casewatch.db import Database
from casewatch.ingest import ImportRejected, import_files
from tests.support import alert_servers
from tests.support.alert_servers import (
    CASE,
    NOW,
    TODAY,
    RobotReceiver,
    SmtpServer,
    add_default_contact,
    free_port,
    import_two_member_case,
    text_of,
)

M1 = "member:M1"
M2 = "member:M2"
M4 = "member:M4"


robots = alert_servers.robots  # a fixture (tests/support/alert_servers.py)


@pytest.fixture(scope="module")
def scenario_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The scenario imported once per module (two imports, each with its herding refresh)."""
    folder = tmp_path_factory.mktemp("alerts")
    db = Database(str(folder / "alerts.duckdb"))
    add_default_contact(db)
    outbox.save_channel(db, M1, "email", "m1@example.com", by=SYSTEM, lang="zh")
    outbox.save_channel(db, M2, "email", "m2@example.com", by=SYSTEM, lang="en")
    outbox.save_channel(db, M4, "email", "m4@example.com", by=SYSTEM, lang="en")
    outbox.save_watch(db, M4, "brand", "omega", by=SYSTEM)
    import_two_member_case(db, folder)
    db.close()
    return folder / "alerts.duckdb"


@pytest.fixture
def scenario(scenario_file: Path, tmp_path: Path) -> Iterator[Database]:
    shutil.copy(scenario_file, tmp_path / "alerts.duckdb")
    for name in ("case.csv", "schedule_a.csv", "events.csv"):
        shutil.copy(scenario_file.parent / name, tmp_path / name)
    db = Database(str(tmp_path / "alerts.duckdb"))
    yield db
    db.close()


def rules_of(db: Database) -> list[tuple[str, str, str, str]]:
    return [
        (str(r.rule), str(r.recipient), str(r.due_on)[:10], str(r.status))
        for r in db.sql(
            "SELECT rule, recipient, due_on, status FROM alerts ORDER BY recipient, rule, due_on"
        ).itertuples()
    ]


def test_the_import_writes_the_outbox(scenario: Database) -> None:
    deadline_days = ["2026-12-21", "2026-12-25", "2026-12-27", "2026-12-28", "2027-01-01", "2027-01-03"]
    expected = []
    for member in (M1, M2):
        expected += [("deadline", member, day, "pending") for day in deadline_days]
        expected += [("milestone", member, "2026-12-14", "pending"), ("new_case", member, "2026-12-14", "pending")]
    expected.append(("watch", M4, "2026-12-14", "pending"))
    assert rules_of(scenario) == expected
    # importing the same files again writes no alert twice
    before = rules_of(scenario)
    import_two_member_case(scenario, Path(scenario.path).parent)
    assert rules_of(scenario) == before


def test_a_rejected_import_writes_no_alert(tmp_path: Path) -> None:
    db = Database(str(tmp_path / "r.duckdb"))
    import_files(
        db, [Path("tests/fixtures/tiny/members.csv"), Path("tests/fixtures/tiny/member_stores.csv")], today=TODAY
    )
    bad = tmp_path / "list.csv"
    bad.write_text(f"case_id,store_name,frozen_usd\n{CASE},JiaYi Direct,-5\n", encoding="utf-8")
    case = tmp_path / "case.csv"
    case.write_text(f"case_id,filed_on,ip_type,case_kind\n{CASE},2026-12-07,trademark,schedule_a\n", encoding="utf-8")
    with pytest.raises(ImportRejected):
        import_files(db, [case, bad], today=TODAY)
    assert db.sql("SELECT count(*) AS n FROM alerts")["n"].iloc[0] == 0


def test_two_members_each_get_their_own_stores_in_their_language(scenario: Database, smtp: SmtpServer) -> None:
    report = delivery.send(scenario, secrets=Secrets(smtp.url, "alerts@assoc.example"), now=NOW)
    assert (report.messages, report.alerts_sent, report.failed) == (3, 5, 0)
    (m1,) = smtp.mailbox.to("m1@example.com")
    (m2,) = smtp.mailbox.to("m2@example.com")
    (m4,) = smtp.mailbox.to("m4@example.com")
    one, two, four = text_of(m1), text_of(m2), text_of(m4)
    assert m1["Subject"] == "【CaseWatch】新案件：Omega v. Schedule A"
    assert "- JiaYi Direct (亚马逊) · 状态: 待决 · 冻结: $1,200" in one
    assert "冻结: $1,200" in one and "BingDing" not in one and "3,400" not in one and "Stranger" not in one
    assert "2026-12-28 临时禁令（TRO）到期" in one and "2027-01-04 答辩期限" in one
    assert "协会联系人: 王秘书 · wang@assoc.example" in one
    assert m2["Subject"] == "[CaseWatch] New case: Omega v. Schedule A"
    assert "- BingDing Fashion (Amazon) · status: Pending · frozen: $3,400" in two
    assert "JiaYi" not in two and "1,200" not in two and "Stranger" not in two
    assert "2026-12-28 TRO expires" in two and "2027-01-04 answer due" in two
    assert "Association contact: Ms Wang · wang@assoc.example" in two
    # the watch alert: the case, no member's store, amount or deadline
    assert m4["Subject"] == '[CaseWatch] New case by watched brand "omega": Omega v. Schedule A'
    assert "Omega Brands LLC" in four and "JiaYi" not in four and "BingDing" not in four and "$" not in four
    # all sent, each recorded; a second run sends nothing more
    assert delivery.send(scenario, secrets=Secrets(smtp.url, "a@b.example"), now=NOW).messages == 0
    assert len(smtp.mailbox.messages) == 3
    assert outbox.delivery_log(scenario)["ok"].tolist() == [True, True, True]


def test_robots_get_plain_text_at_the_local_receiver(scenario: Database, robots: RobotReceiver) -> None:
    for kind, name in (("wecom", "ops_wecom"), ("dingtalk", "ops_ding"), ("feishu", "ops_feishu")):
        outbox.save_channel(scenario, M1, kind, name, by=SYSTEM, lang="en")
    secrets = Secrets(None, "a@b.example", {"ops_wecom": "wk1", "ops_ding": "dt2", "ops_feishu": "fs3"})
    report = delivery.send(scenario, secrets=secrets, now=NOW)
    # M1: e-mail fails (no SMTP server named), the three robots take the message
    assert report.messages == 3 + 0 and report.failed == 3  # M1, M2, M4 e-mail channels
    by_robot = {post.robot: post for post in robots.posts}
    assert sorted(by_robot) == ["dingtalk", "feishu", "wecom"]
    assert by_robot["wecom"].path == "/wecom/send?key=wk1"
    assert by_robot["dingtalk"].path == "/dingtalk/send?access_token=dt2"
    assert by_robot["feishu"].path == "/feishu/fs3/"
    texts = {
        "wecom": by_robot["wecom"].payload["text"]["content"],  # type: ignore[index]
        "dingtalk": by_robot["dingtalk"].payload["text"]["content"],  # type: ignore[index]
        "feishu": by_robot["feishu"].payload["content"]["text"],  # type: ignore[index]
    }
    assert by_robot["dingtalk"].payload["msgtype"] == "text" and by_robot["feishu"].payload["msg_type"] == "text"
    for text in texts.values():
        assert "JiaYi Direct" in text and "BingDing" not in text and "2026-12-28 TRO expires" in text
    # the alert stays waiting for its e-mail channel; the robots are not sent it again
    assert delivery.send(scenario, secrets=secrets, now=NOW + dt.timedelta(hours=2)).messages == 0
    assert len(robots.posts) == 3
    log = outbox.delivery_log(scenario, failures_only=True)
    assert set(log["kind"]) == {"email"} and log["error"].str.contains("SMTP").all()


def test_a_robot_refusing_a_message_with_http_200_is_a_failure(scenario: Database, robots: RobotReceiver) -> None:
    """WeCom and DingTalk refuse a message (too long, too many a minute, a wrong key) with HTTP 200
    and an error code, which apprise 2.3 takes for a success for those two: the alert would be
    marked sent and never reach the member."""
    for kind, name in (("wecom", "ops_wecom"), ("dingtalk", "ops_ding"), ("feishu", "ops_feishu")):
        outbox.save_channel(scenario, M1, kind, name, by=SYSTEM, lang="en")
    secrets = Secrets(None, "a@b.example", {"ops_wecom": "wk1", "ops_ding": "dt2", "ops_feishu": "fs3"})
    robots.errcodes = {1: 45009, 2: 45009, 3: 45009}
    report = delivery.send(scenario, secrets=secrets, now=NOW)
    assert (report.messages, report.failed, report.alerts_sent) == (0, 6, 0)  # 3 robots + 3 e-mail channels
    assert sorted(post.robot for post in robots.refused) == ["dingtalk", "feishu", "wecom"] and robots.posts == []
    log = outbox.delivery_log(scenario, failures_only=True)
    robot_errors = log.loc[log["kind"] != "email", "error"].tolist()
    assert len(robot_errors) == 3
    assert sum("errcode 45009" in error for error in robot_errors) == 2  # WeCom, DingTalk: our check
    # after the backoff each robot is tried again and takes the message
    again = delivery.send(scenario, secrets=secrets, now=NOW + dt.timedelta(minutes=10))
    assert sorted(post.robot for post in robots.posts) == ["dingtalk", "feishu", "wecom"]
    assert again.messages == 3


HOSTILE = '**Evil** <script>alert(1)</script> [x](http://evil.example) =HYPERLINK("http://e","x")\r\nBcc: victim@x'


def test_hostile_text_arrives_inert_everywhere(tmp_path: Path, smtp: SmtpServer, robots: RobotReceiver) -> None:
    db = Database(str(tmp_path / "h.duckdb"))
    outbox.save_channel(db, M1, "email", "m1@example.com", by=SYSTEM, lang="en")
    for kind in ("wecom", "dingtalk", "feishu"):
        outbox.save_channel(db, M1, kind, f"r_{kind}", by=SYSTEM, lang="en")
    import_two_member_case(db, tmp_path, plaintiff=HOSTILE)
    secrets = Secrets(smtp.url, "a@b.example", {"r_wecom": "k1", "r_dingtalk": "k2", "r_feishu": "k3"})
    assert delivery.send(db, secrets=secrets, now=NOW).failed == 0
    inert = '**Evil** <script>alert(1)</script> [x](http://evil.example) =HYPERLINK("http://e","x") Bcc: victim@x'
    (mail,) = smtp.mailbox.messages
    assert mail.get_content_type() == "text/plain" and not mail.is_multipart()
    assert mail["Bcc"] is None and mail["To"] == "m1@example.com"
    assert f"Plaintiff: {inert}" in text_of(mail)
    contents = [post.payload for post in robots.posts]
    assert len(contents) == 3
    for payload in contents:
        kind = payload.get("msgtype") or payload.get("msg_type")
        assert kind == "text"  # never markdown, HTML or a card: nothing is rendered
        text = payload["text"]["content"] if "text" in payload else payload["content"]["text"]  # type: ignore[index]
        assert f"Plaintiff: {inert}" in text


def test_smtp_down_then_back(scenario: Database) -> None:
    server = SmtpServer()  # not started: its port refuses connections
    secrets = Secrets(server.url, "a@b.example")
    first = delivery.send(scenario, secrets=secrets, now=NOW)
    assert first.messages == 0 and first.failed == 3
    assert set(outbox.outbox(scenario, "sent")["alert_id"]) == set()
    waiting = outbox.outbox(scenario, "pending")
    assert waiting[waiting["rule"] != "deadline"]["failures"].tolist() == [1, 1, 1, 1, 1]
    server.start()
    try:
        # within the backoff (30 s after the first failure) nothing is tried
        assert delivery.send(scenario, secrets=secrets, now=NOW + dt.timedelta(seconds=20)).messages == 0
        assert server.mailbox.messages == []
        back = delivery.send(scenario, secrets=secrets, now=NOW + dt.timedelta(seconds=31))
        assert (back.messages, back.alerts_sent, back.failed) == (3, 5, 0)
        assert sorted(m["To"] for m in server.mailbox.messages) == [
            "m1@example.com",
            "m2@example.com",
            "m4@example.com",
        ]
    finally:
        server.stop()


def test_reminders_go_on_their_day_and_only_the_latest(scenario: Database, smtp: SmtpServer) -> None:
    secrets = Secrets(smtp.url, "a@b.example")
    delivery.send(scenario, secrets=secrets, now=NOW)
    smtp.mailbox.messages.clear()
    # 2026-12-21 10:00 in Guangdong: 7 days before the TRO expires
    delivery.send(scenario, secrets=secrets, now=dt.datetime(2026, 12, 21, 2))
    subjects = sorted(str(m["Subject"]) for m in smtp.mailbox.messages)
    assert subjects == [
        "[CaseWatch] Deadline in 7 days (2026-12-28): Omega v. Schedule A",
        "【CaseWatch】期限提醒：7 天后（2026-12-28）—— Omega v. Schedule A",
    ]
    smtp.mailbox.messages.clear()
    # the sender was down until 2026-12-27: the 3-day reminder is dropped for the 1-day one
    delivery.send(scenario, secrets=secrets, now=dt.datetime(2026, 12, 27, 2))
    subjects = sorted(str(m["Subject"]) for m in smtp.mailbox.messages)
    assert subjects == [
        "[CaseWatch] Deadline in 1 day (2026-12-28): Omega v. Schedule A",
        "【CaseWatch】期限提醒：1 天后（2026-12-28）—— Omega v. Schedule A",
    ]
    cancelled = scenario.sql("SELECT subject FROM alerts WHERE status = 'cancelled' ORDER BY subject")["subject"]
    assert cancelled.tolist() == [f"{CASE}|2026-12-28|3", f"{CASE}|2026-12-28|3"]


def test_a_late_reminder_states_the_days_left_and_the_deadline_day_says_due_today(
    scenario: Database, smtp: SmtpServer
) -> None:
    secrets = Secrets(smtp.url, "a@b.example")
    delivery.send(scenario, secrets=secrets, now=NOW)
    smtp.mailbox.messages.clear()
    # the sender was down on 12-21 and 12-22: the 7-day reminder of 2026-12-28 goes on 12-23, 5 days before
    delivery.send(scenario, secrets=secrets, now=dt.datetime(2026, 12, 23, 2))
    assert sorted(str(m["Subject"]) for m in smtp.mailbox.messages) == [
        "[CaseWatch] Deadline in 5 days (2026-12-28): Omega v. Schedule A",
        "【CaseWatch】期限提醒：5 天后（2026-12-28）—— Omega v. Schedule A",
    ]
    smtp.mailbox.messages.clear()
    # down again until the deadline day itself: the 1-day reminder (the 3-day one dropped) goes on
    # 12-28 with the answer's 7-day reminder (2027-01-04, 7 days on), one message for the case
    delivery.send(scenario, secrets=secrets, now=dt.datetime(2026, 12, 28, 2))
    assert sorted(str(m["Subject"]) for m in smtp.mailbox.messages) == [
        "[CaseWatch] Deadline due today (2026-12-28): Omega v. Schedule A",
        "【CaseWatch】期限提醒：今天到期（2026-12-28）—— Omega v. Schedule A",
    ]
    (m2,) = smtp.mailbox.to("m2@example.com")
    assert "· [CaseWatch] Deadline in 7 days (2027-01-04): Omega v. Schedule A" in text_of(m2)


def test_a_settled_matter_cancels_its_reminders(scenario: Database, tmp_path: Path) -> None:
    settled = tmp_path / "settled.csv"
    settled.write_text(
        f"case_id,event_on,kind,defendant_no,detail\n{CASE},2026-12-15,settled,1,Settled\n", encoding="utf-8"
    )
    import_files(scenario, [settled], today=dt.date(2026, 12, 15))
    rows = scenario.sql(
        "SELECT recipient, status, count(*) AS n FROM alerts WHERE rule = 'deadline' GROUP BY ALL ORDER BY ALL"
    )
    # JiaYi Direct is defendant 1 (M1's): its reminders are cancelled, M2's stay
    assert rows.values.tolist() == [[M1, "cancelled", 6], [M2, "pending", 6]]


def test_a_link_rejected_then_accepted_alerts_the_member_after_all(scenario: Database, smtp: SmtpServer) -> None:
    # M2's store rejected by mistake: the next run cancels M2's 8 alerts (new case, TRO, 6 reminders)
    subject = str(scenario.sql("SELECT subject FROM member_links WHERE member_id = 'M2'")["subject"].iloc[0])
    matching.decide(scenario, subject, "M2", "rejected", decided_by="a1@example.com")
    secrets = Secrets(smtp.url, "a@b.example")
    delivery.send(scenario, secrets=secrets, now=NOW)
    assert smtp.mailbox.to("m2@example.com") == []
    m2 = "SELECT status, count(*) AS n FROM alerts WHERE recipient = 'member:M2' GROUP BY ALL ORDER BY ALL"
    assert scenario.sql(m2).values.tolist() == [["cancelled", 8]]
    sent = "SELECT alert_id, sent_at FROM alerts WHERE status = 'sent' ORDER BY alert_id"
    sent_before = scenario.sql(sent).values.tolist()
    assert len(sent_before) == 3  # M1's new case and TRO, M4's watch hit
    # the analyst accepts it after all: the same 8 wait again, and only they (sent ones stay sent)
    matching.decide(scenario, subject, "M2", "accepted", decided_by="a1@example.com")
    with scenario.write() as con:
        assert rules.compute(con, TODAY) == rules.Computed(added=8, cancelled=0)
        assert rules.compute(con, TODAY) == rules.Computed(added=0, cancelled=0)
    assert scenario.sql(m2).values.tolist() == [["pending", 8]]
    assert scenario.sql(sent).values.tolist() == sent_before
    later = delivery.send(scenario, secrets=secrets, now=NOW + dt.timedelta(hours=1))
    assert (later.messages, later.alerts_sent) == (1, 2)
    (mail,) = smtp.mailbox.to("m2@example.com")
    assert mail["Subject"] == "[CaseWatch] New case: Omega v. Schedule A" and "BingDing Fashion" in text_of(mail)
    delivery.send(scenario, secrets=secrets, now=dt.datetime(2026, 12, 21, 2))  # 7 days before 2026-12-28
    assert [m["Subject"] for m in smtp.mailbox.to("m2@example.com")][1:] == [
        "[CaseWatch] Deadline in 7 days (2026-12-28): Omega v. Schedule A"
    ]


def test_digest_batches_a_run_and_goes_once_a_day(scenario: Database, smtp: SmtpServer) -> None:
    outbox.save_channel(scenario, M1, "email", "m1@example.com", by=SYSTEM, lang="en", delivery="digest")
    outbox.save_watch(scenario, M1, "law_firm", "firm z", by=SYSTEM)
    import_two_member_case(scenario, Path(scenario.path).parent)  # nothing new in the data: no watch alert yet
    with scenario.write() as con:
        rules.compute(con, TODAY)
    secrets = Secrets(smtp.url, "a@b.example")
    delivery.send(scenario, secrets=secrets, now=NOW)
    (digest,) = smtp.mailbox.to("m1@example.com")
    assert digest["Subject"] == "CaseWatch digest: 3 alerts"  # the new case, its TRO and the watch hit
    body = text_of(digest)
    assert body.startswith("[CaseWatch] New case: Omega v. Schedule A\n· [CaseWatch] Case update (TRO granted)")
    assert '· [CaseWatch] New case by watched law firm "firm z": Omega v. Schedule A' in body
    # later the same day: a new alert waits for tomorrow's digest
    again = "SELECT alert_id FROM alerts WHERE rule = 'watch' AND recipient = 'member:M1'"
    scenario.sql(f"UPDATE alerts SET status = 'pending' WHERE alert_id IN ({again})")
    scenario.sql(f"UPDATE alert_deliveries SET status = 'pending' WHERE alert_id IN ({again})")
    later = delivery.send(scenario, secrets=secrets, now=NOW + dt.timedelta(hours=3))
    assert later.messages == 0 and later.deferred == 1


def test_english_titles_say_one_day_and_one_alert(scenario: Database, smtp: SmtpServer) -> None:
    # M4's one alert (the watch hit) in a digest: "1 alert"; zh has no plural and says 1 条
    outbox.save_channel(scenario, M4, "email", "m4@example.com", by=SYSTEM, lang="en", delivery="digest")
    outbox.save_channel(scenario, M4, "email", "m4zh@example.com", by=SYSTEM, lang="zh", delivery="digest")
    delivery.send(scenario, secrets=Secrets(smtp.url, "a@b.example"), now=NOW)
    (english,) = smtp.mailbox.to("m4@example.com")
    (chinese,) = smtp.mailbox.to("m4zh@example.com")
    assert (english["Subject"], chinese["Subject"]) == ("CaseWatch digest: 1 alert", "CaseWatch 摘要：1 条提醒")


def test_rate_limit_twenty_a_minute() -> None:
    clock = [0.0]

    def sleep(seconds: float) -> None:
        clock[0] += seconds

    limiter = RateLimiter(clock=lambda: clock[0], sleep=sleep)
    waits = [limiter.wait("robot", "wecom") for _ in range(45)]
    assert waits[:20] == [0.0] * 20 and waits[20] == 60.0 and waits[21:40] == [0.0] * 19 and waits[40] == 60.0
    assert clock[0] == 120.0
    seeded = RateLimiter(clock=lambda: clock[0], sleep=sleep)
    seeded.seed("robot", [10.0] * 20)  # a previous run sent 20 ten seconds ago
    assert seeded.wait("robot", "dingtalk") == 50.0


def test_channels_posting_to_one_robot_share_its_limit(scenario: Database) -> None:
    # M1 and M2 each add the association's one WeCom robot: one message each is due (their alerts
    # of the case), and a limit of 1 a minute for the robot makes the second wait the full minute
    # (counted per channel, neither waited; found in review)
    for member in (M1, M2):
        outbox.save_channel(scenario, member, "wecom", "ops_wecom", by=SYSTEM, lang="en")
    clock, posted = [0.0], []

    def sleep(seconds: float) -> None:
        clock[0] += seconds

    def transmit(url: str, title: str, body: str, hidden: tuple[str, ...]) -> None:
        posted.append((url, clock[0]))

    secrets = Secrets(None, "a@b.example", {"ops_wecom": "wk1"})
    delivery.send(
        scenario, secrets=secrets, now=NOW, rates={"wecom": 1}, sleep=sleep, clock=lambda: clock[0], transmit=transmit
    )
    assert [at for url, at in posted if url.startswith("wecom")] == [0.0, 60.0]


def test_quiet_hours_and_scoped_settings(scenario: Database) -> None:
    assert channels.in_quiet_hours(22, 8, dt.datetime(2026, 1, 1, 23)) and channels.in_quiet_hours(
        22, 8, dt.datetime(2026, 1, 1, 7)
    )
    assert not channels.in_quiet_hours(22, 8, dt.datetime(2026, 1, 1, 8))
    # quiet hours with one end only are refused (both or neither), and nothing is saved
    before = scenario.sql("SELECT * FROM alert_channels ORDER BY channel_id").values.tolist()
    for start, end in ((22, None), (None, 8)):
        with pytest.raises(outbox.QuietHoursHalfSet):
            outbox.save_channel(scenario, M1, "email", "q@example.com", by=SYSTEM, quiet_from=start, quiet_to=end)
    assert scenario.sql("SELECT * FROM alert_channels ORDER BY channel_id").values.tolist() == before
    m1 = Scope("member", member_id="M1")
    outbox.save_watch(scenario, M1, "brand", "Acme", by=m1)
    with pytest.raises(AccessDenied):
        outbox.save_watch(scenario, M2, "brand", "Acme", by=m1)
    with pytest.raises(AccessDenied):
        outbox.save_channel(scenario, M1, "wecom", "my_robot", by=m1)  # robots are server secrets
    assert outbox.watch_of(scenario, M2, scope=m1)["recipient"].unique().tolist() == [M1]
    assert set(outbox.channels_of(scenario, None, scope=m1)["recipient"]) == {M1}
    # a member's own alerts only, whatever it asks for
    assert set(outbox.recipient_alerts(scenario, M2, scope=m1)["alert_id"]) == set(
        scenario.sql("SELECT alert_id FROM alerts WHERE recipient = 'member:M1' AND status <> 'cancelled'")["alert_id"]
    )


def test_secrets_never_reach_the_database_or_the_log(scenario: Database, robots: RobotReceiver) -> None:
    outbox.save_channel(scenario, M1, "wecom", "ops", by=SYSTEM)
    robots.close()  # the receiver is gone: the robot fails and its error is logged
    delivery.send(scenario, secrets=Secrets(None, "a@b.example", {"ops": "supersecretkey"}), now=NOW)
    dump = scenario.sql("SELECT string_agg(coalesce(error, ''), ' ') AS errors FROM delivery_log")["errors"].iloc[
        0
    ] + " ".join(scenario.sql("SELECT address FROM alert_channels")["address"])
    assert "supersecretkey" not in dump and "ops" in dump


def test_resend_queues_an_alert_again(scenario: Database, smtp: SmtpServer) -> None:
    secrets = Secrets(smtp.url, "a@b.example")
    delivery.send(scenario, secrets=secrets, now=NOW)
    (m4,) = smtp.mailbox.to("m4@example.com")
    ref = text_of(m4).rsplit("Alert ref: ", 1)[1].strip()
    assert len(outbox.resend(scenario, ref, by=SYSTEM, today=TODAY)) == 1
    with pytest.raises(AccessDenied):
        outbox.resend(scenario, ref, by=Scope("member", member_id="M4"))
    assert delivery.send(scenario, secrets=secrets, now=NOW).messages == 1
    assert len(smtp.mailbox.to("m4@example.com")) == 2


def test_unused_port_helper() -> None:
    assert 1024 < free_port() < 65536


def test_send_shows_its_stages_and_counts(scenario: Database, smtp: SmtpServer) -> None:
    """alerts send shows its progress (issue 25): the rules, then the due alerts sent (5 of 5 in
    this scenario's three messages), as `alerts send` prints them on stderr when piped."""
    import io

    from casewatch.progress import LineProgress

    out = io.StringIO()
    shown = LineProgress("alerts send", out)
    delivery.send(scenario, secrets=Secrets(smtp.url, "alerts@assoc.example"), now=NOW, progress=shown)
    shown.close()
    lines = out.getvalue().splitlines()
    assert [line.split(" ")[3] for line in lines] == ["rules", "send"]
    assert lines[1].endswith(", 5 alerts")


def test_an_address_apprise_would_misread_is_refused_and_never_mailed_to_another(
    scenario: Database, smtp: SmtpServer
) -> None:
    """Found in testing: apprise 2.3 reads ``o'brien@example.com`` as a display name "o" and the
    address brien@example.com, so a member's case news went to a stranger's mailbox (and
    ``a@localhost.x`` went to a@localhost). Such an address is refused when saved, and a channel
    that holds one (saved before) fails with the reason instead of mailing someone else."""
    for address in ("o'brien@example.com", "john.o'neil@example.com", "a@localhost.x"):
        with pytest.raises(outbox.InvalidAlertSetting, match="apprise"):
            outbox.save_channel(scenario, M1, "email", address, by=SYSTEM)
    with scenario.write() as con:  # a channel saved before the check
        con.execute(
            "INSERT INTO alert_channels (channel_id, recipient, kind, address, lang, delivery, active) "
            "VALUES ('old', 'member:M1', 'email', 'o''brien@example.com', 'en', 'immediate', true)"
        )
    report = delivery.send(scenario, secrets=Secrets(smtp.url, "a@b.example"), now=NOW)
    assert (report.messages, report.failed) == (3, 1)
    assert sorted(str(m["To"]) for m in smtp.mailbox.messages) == [
        "m1@example.com",
        "m2@example.com",
        "m4@example.com",
    ]
    log = outbox.delivery_log(scenario)
    (error,) = log[~log["ok"]]["error"].tolist()
    assert "o'brien@example.com" in error
    left = scenario.sql("SELECT status FROM alert_deliveries WHERE channel_id = 'old'")["status"].tolist()
    assert left and set(left) == {"pending"}


def test_a_password_written_percent_encoded_in_the_smtp_url_logs_in_as_itself(scenario: Database) -> None:
    """Found in testing: a login or password with @ : / or % must be percent-encoded in the SMTP
    URL (smtp://mailer%40assoc.example:p%40ss%3Aw%2Frd%25@host:port), and it was handed to apprise
    encoded once more, so the server was sent the text "p%40ss%3Aw%2Frd%25" and refused the login:
    no e-mail went."""
    from aiosmtpd.controller import Controller
    from aiosmtpd.smtp import AuthResult

    tried: list[tuple[bytes, bytes]] = []

    def authenticate(server: object, session: object, envelope: object, mechanism: str, data: object) -> AuthResult:
        login, password = data.login, data.password  # type: ignore[attr-defined]
        tried.append((login, password))
        return AuthResult(success=(login, password) == (b"mailer@assoc.example", b"p@ss:w/rd%"))

    mailbox = alert_servers.Mailbox()
    port = free_port()
    server = Controller(mailbox, hostname="127.0.0.1", port=port, authenticator=authenticate, auth_require_tls=False)
    server.start()
    try:
        url = f"smtp://mailer%40assoc.example:p%40ss%3Aw%2Frd%25@127.0.0.1:{port}"
        report = delivery.send(scenario, secrets=Secrets(url, "a@b.example"), now=NOW)
    finally:
        server.stop()
    assert tried and set(tried) == {(b"mailer@assoc.example", b"p@ss:w/rd%")}
    assert (report.messages, report.failed) == (3, 0)
    assert sorted(str(m["To"]) for m in mailbox.messages) == ["m1@example.com", "m2@example.com", "m4@example.com"]
    # the password as the server knows it is a secret to blank out of error texts too
    assert "p@ss:w/rd%" in Secrets(url, "a@b.example").hidden()
