"""The Alerts page through each role, on the two-member scenario of tests/support/alert_servers.py imported
after the fixture's users exist: M1 and M2 each have a new case, a TRO milestone and six deadline
reminders (TRO expiry 2026-12-28 and answer due 2027-01-04, each at 7, 3 and 1 days before); M2
watches brand Omega (one watch alert); analyst a1 gets the new case; one alerts send without an SMTP
server logs a failure for M1's message (2 alerts) and M2's (3 alerts)."""

from __future__ import annotations

import tempfile
from collections.abc import Iterator
from pathlib import Path

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from casewatch.access import SYSTEM
from casewatch.alerts import delivery, outbox
from casewatch.alerts.channels import Secrets
from casewatch.db import Database
from casewatch.i18n import t
from casewatch.ingest import import_files
from tests.support import templates
from tests.support.alert_servers import NOW, TINY, TODAY, add_default_contact, import_two_member_case
from tests.support.apptest import errors, rerun
from tests.support.roles import Truth, _as_app_db, add_users, leaks, open_as, rendered, text_leaks

PAGE = "pages/alerts.py"
M1_NEW_CASE = "d1d96b1ae244"  # md5('new_case|ilnd:1:26-cv-09001|member:M1')[:12]


def build_alerts_db(path: str) -> None:
    """The scenario's database at path, closed (its files written in a folder of its own)."""
    with tempfile.TemporaryDirectory() as folder, Database(path) as db:
        import_files(db, [TINY / "members.csv", TINY / "member_stores.csv"], today=TODAY)
        add_users(db)
        add_default_contact(db)
        outbox.save_channel(db, "member:M1", "email", "m1@example.com", by=SYSTEM)
        outbox.save_channel(db, "member:M2", "email", "m2@example.com", by=SYSTEM, lang="en")
        outbox.save_watch(db, "member:M2", "brand", "Omega", by=SYSTEM)
        import_two_member_case(db, Path(folder))
        delivery.send(db, secrets=Secrets(None, "a@b.example"), now=NOW)


@pytest.fixture
def alerts_db(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    # built once per session and copied (tests/support/templates.py): every time is fixed (TODAY, NOW)
    path = templates.copy_of("alerts_app", build_alerts_db, tmp_path / "alerts.duckdb")
    yield from _as_app_db(path, monkeypatch)


def table(at: AppTest, lang: str, *columns: str) -> pd.DataFrame:
    """The one dataframe on the page whose headers are these alerts.col.* labels."""
    labels = [t(f"alerts.col.{c}", lang) for c in columns]
    (found,) = [df.value for df in at.dataframe if list(df.value.columns) == labels]
    return found


def submit(at: AppTest, label: str) -> AppTest:
    (button,) = [b for b in at.button if b.label == label]
    button.click()
    return rerun(at)


MINE = ("due_on", "rule", "case_id", "case_name", "event_on", "status", "sent_at", "alert_id")


def test_a_member_sees_its_alerts_watch_list_and_channels(alerts_db: str) -> None:
    at = open_as(PAGE, "m1@example.com")
    assert not errors(at)
    assert at.title[0].value == "提醒与关注"
    assert [tab.label for tab in at.tabs] == ["我的提醒", "关注列表", "接收渠道"]  # no outbox, log or rules
    assert not [s for s in at.selectbox if s.key == "alerts_recipient"]  # no one else to pick
    mine = table(at, "zh", *MINE)
    assert sorted(mine[t("alerts.col.rule", "zh")]) == sorted(["期限提醒"] * 6 + ["新案件", "案件进展"])
    assert [str(d)[:10] for d in mine[t("alerts.col.due_on", "zh")]] == [
        "2027-01-03", "2027-01-01", "2026-12-28", "2026-12-27", "2026-12-25", "2026-12-21", "2026-12-14", "2026-12-14",
    ]  # fmt: skip
    assert set(mine[t("alerts.col.status", "zh")]) == {"待发送"}
    channels = table(at, "zh", "kind", "address", "lang", "delivery", "quiet")
    assert channels.values.tolist() == [["电子邮件", "m1@example.com", "zh", "即时", ""]]
    assert not [df for df in at.dataframe if t("alerts.col.value", "zh") in df.value.columns]  # M2's watch unseen

    # watch a brand, then switch the e-mail to an English digest with quiet hours 22:00-08:00
    at.selectbox(key="watch_kind").set_value("brand")
    at.text_input(key="watch_value").input("  Acme   Toys ")
    at = submit(at, t("alerts.watch.add", "zh"))
    assert at.success[0].value == t("alerts.saved", "zh")
    watched = table(at, "zh", "kind", "value", "added_at")
    assert watched[[t("alerts.col.kind", "zh"), t("alerts.col.value", "zh")]].values.tolist() == [["品牌", "Acme Toys"]]
    at.text_input(key="channel_email").input("M1@Example.com")
    at.selectbox(key="channel_lang").set_value("en")
    at.selectbox(key="channel_delivery").set_value("digest")
    at.selectbox(key="channel_quiet_from").set_value(22)
    at.selectbox(key="channel_quiet_to").set_value(8)
    at = submit(at, t("alerts.channel.save", "zh"))
    assert not errors(at)
    channels = table(at, "zh", "kind", "address", "lang", "delivery", "quiet")
    assert channels.values.tolist() == [["电子邮件", "m1@example.com", "en", "每日摘要", "22:00–08:00"]]
    with Database(alerts_db) as db:
        assert db.sql("SELECT recipient, kind, value FROM watch_list ORDER BY ALL").values.tolist() == [
            ["member:M1", "brand", "Acme Toys"],
            ["member:M2", "brand", "Omega"],
        ]


def test_quiet_hours_with_one_end_are_refused(alerts_db: str) -> None:
    at = open_as(PAGE, "m1@example.com", lang="en")
    at.text_input(key="channel_email").input("q@example.com")
    at.selectbox(key="channel_quiet_from").set_value(22)  # "until" left at —
    at = submit(at, t("alerts.channel.save", "en"))
    assert [e.value for e in at.error] == ["Not saved: quiet hours need both a start and an end hour, or neither."]
    assert not at.success
    channels = table(at, "en", "kind", "address", "lang", "delivery", "quiet")
    assert channels.values.tolist() == [["E-mail", "m1@example.com", "zh", "Immediate", ""]]


def test_a_member_never_sees_another_members_alerts_or_stores(alerts_db: str) -> None:
    with Database(alerts_db) as db:
        truth = Truth.read(db)
        m2_refs = {a[:12] for a in db.sql("SELECT alert_id FROM alerts WHERE recipient <> 'member:M1'")["alert_id"]}
    at = open_as(PAGE, "m1@example.com", member="M2", recipient="member:M2")  # a tampered link changes nothing
    assert not errors(at)
    frames, texts = rendered(at)
    problems = text_leaks(texts, truth, PAGE)
    for index, frame in enumerate(frames):
        problems += leaks(frame, truth, f"{PAGE} table {index}")
    cells = {str(v) for frame in frames for column in frame.columns for v in [column, *frame[column].tolist()]}
    cells |= set(texts)
    for forbidden in ("BingDing Fashion", "Stranger Shop", "m2@example.com", "member:M2", "3,400", "3400"):
        assert not [c for c in cells if forbidden in c], forbidden
    assert not m2_refs & cells  # none of M2's, M4's or the analyst's alert refs
    assert len(table(at, "zh", *MINE)) == 8
    # the member's forms can touch only its own recipient: removing M2's watch through them is impossible
    at.text_input(key="watch_value").input("Omega")
    at = submit(at, t("alerts.watch.add", "zh"))
    with Database(alerts_db) as db:
        assert db.sql("SELECT recipient FROM watch_list WHERE value = 'Omega' ORDER BY ALL")["recipient"].tolist() == [
            "member:M1",
            "member:M2",
        ]


def test_an_analyst_sees_the_outbox_the_failures_resends_and_the_thresholds(alerts_db: str) -> None:
    english = open_as(PAGE, "a1@example.com", lang="en")
    assert not errors(english)
    assert [tab.label for tab in english.tabs] == [
        "My alerts", "Watch list", "Channels", "Outbox", "Delivery log", "Rules and thresholds",
    ]  # fmt: skip
    at = open_as(PAGE, "a1@example.com")
    assert [tab.label for tab in at.tabs] == ["我的提醒", "关注列表", "接收渠道", "发件箱", "发送记录", "规则与阈值"]
    # the analyst's own alerts: the new case
    mine = table(at, "zh", *MINE)
    assert mine[t("alerts.col.rule", "zh")].tolist() == ["新案件"]
    box = table(
        at, "zh", "due_on", "rule", "recipient", "case_id", "event_on", "status", "sent_at", "channels", "failures",
        "next_try_at", "alert_id",
    )  # fmt: skip
    assert len(box) == 18  # 8 for M1, 9 for M2 (with the watch hit), 1 for a1
    waiting_today = box[box[t("alerts.col.due_on", "zh")].astype(str).str.startswith("2026-12-14")]
    # the five alerts tried once (M1's 2, M2's 3) and the analyst's, which has no channel
    assert sorted(waiting_today[t("alerts.col.failures", "zh")].tolist()) == [0, 1, 1, 1, 1, 1]
    log = table(at, "zh", "at", "recipient", "kind", "address", "alerts", "part", "ok", "error", "seconds")
    shown = log[[t("alerts.col.recipient", "zh"), t("alerts.col.alerts", "zh"), t("alerts.col.ok", "zh")]]
    assert sorted(shown.values.tolist()) == [["member:M1", 2, False], ["member:M2", 3, False]]
    assert log[t("alerts.col.error", "zh")].str.startswith("no SMTP server").all()
    assert log[t("alerts.col.part", "zh")].isna().all()  # whole messages
    rules = next(df.value for df in at.dataframe if df.value.shape == (6, 2))
    assert rules.iloc[:, 1].tolist() == ["90", "30", "90", "7, 3, 1", "14", "21"]

    # resend M1's new-case alert by the ref its message printed: its failed try is forgotten
    at.text_input(key="resend_ref").input(M1_NEW_CASE)
    at = submit(at, t("alerts.resend", "zh"))
    assert at.success[0].value == t("alerts.resent", "zh")
    box = table(
        at, "zh", "due_on", "rule", "recipient", "case_id", "event_on", "status", "sent_at", "channels", "failures",
        "next_try_at", "alert_id",
    )  # fmt: skip
    row = box[box[t("alerts.col.alert_id", "zh")] == M1_NEW_CASE]
    assert row[[t("alerts.col.channels", "zh"), t("alerts.col.failures", "zh")]].values.tolist() == [[1, 0]]
    at.text_input(key="resend_ref").input("0000000000")
    at = submit(at, t("alerts.resend", "zh"))
    assert "0000000000" in at.error[0].value
    # a ref with markdown in it is escaped once (shown as typed), not twice (stray backslashes)
    at.text_input(key="resend_ref").input("no_such_ref:1")
    at = submit(at, t("alerts.resend", "zh"))
    assert at.error[0].value == "无法保存：alert ref 的值 no\\_such\\_ref\\:1 无效"

    # the analyst picks member M2: its alerts (with the watch hit) and its watch list
    at.selectbox(key="alerts_recipient").set_value("member:M2")
    at = rerun(at)
    assert len(table(at, "zh", *MINE)) == 9
    assert table(at, "zh", "kind", "value", "added_at").iloc[:, :2].values.tolist() == [["品牌", "Omega"]]
