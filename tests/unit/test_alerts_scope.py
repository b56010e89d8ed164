"""Who an alert may still go to once the data or the users change (a review's findings): a member
whose link was rejected, a staff address whose user is no longer an analyst, and a milestone told
once however many docket entries record it. The scenario is tests/support/alert_servers.py's: a
case filed 2026-12-07 naming M1's JiaYi Direct (defendant 1), M2's BingDing Fashion (2, linked by
its seller id) and a stranger's store, with a TRO entered 2026-12-11; today is 2026-12-14."""

from __future__ import annotations

from pathlib import Path

from casewatch import matching, users
from casewatch.access import SYSTEM
from casewatch.alerts import delivery, outbox
from casewatch.alerts.channels import Secrets
from casewatch.db import Database
from casewatch.ingest import import_files
from tests.support.alert_servers import CASE, NOW, TODAY, SmtpServer, add_default_contact, import_two_member_case


def statuses(db: Database, recipient_like: str) -> list[tuple[str, str, str]]:
    rows = db.sql(
        "SELECT recipient, rule, status FROM alerts WHERE recipient LIKE $like ORDER BY ALL", {"like": recipient_like}
    )
    return [(str(r.recipient), str(r.rule), str(r.status)) for r in rows.itertuples()]


def test_a_rejected_link_cancels_what_waits_for_that_member(tmp_path: Path, smtp: SmtpServer) -> None:
    db = Database(str(tmp_path / "a.duckdb"))
    add_default_contact(db)
    outbox.save_channel(db, "member:M1", "email", "m1@example.com", by=SYSTEM, lang="en")
    outbox.save_channel(db, "member:M2", "email", "m2@example.com", by=SYSTEM, lang="en")
    import_two_member_case(db, tmp_path)
    # each member: 6 reminders (TRO expiry 12-28 and answer due 2027-01-04, 7/3/1 days before),
    # the TRO and the new case
    expected = [("deadline", "pending")] * 6 + [("milestone", "pending"), ("new_case", "pending")]
    assert [(rule, status) for _, rule, status in statuses(db, "member:M2")] == expected
    subject = str(db.sql("SELECT subject FROM member_links WHERE member_id = 'M2'")["subject"].iloc[0])
    assert matching.decide(db, subject, "M2", "rejected", decided_by="analyst@assoc.example") == 1
    report = delivery.send(db, secrets=Secrets(smtp.url, "cw@assoc.example"), now=NOW, sleep=lambda _: None)
    # M2 is in no case now: none of its 8 alerts goes out (the new case and the TRO went before)
    assert [(rule, status) for _, rule, status in statuses(db, "member:M2")] == [
        (rule, "cancelled") for rule, _ in expected
    ]
    assert [m["To"] for m in smtp.mailbox.messages] == ["m1@example.com"] and report.alerts_sent == 2
    db.close()


def test_staff_alerts_go_to_analysts_only(tmp_path: Path, smtp: SmtpServer) -> None:
    db = Database(str(tmp_path / "a.duckdb"))
    add_default_contact(db)
    import_files(db, [Path("tests/fixtures/tiny/members.csv")], today=TODAY)
    for email, role in (
        ("ana@assoc.example", "analyst"),
        ("gone@assoc.example", "analyst"),
        ("lead@assoc.example", "leadership"),
    ):
        users.save_user(db, email, role, None, by=SYSTEM)
    # a staff channel each, and one for the front desk, which signs in as no one
    for email in ("ana@assoc.example", "gone@assoc.example", "lead@assoc.example", "desk@assoc.example"):
        outbox.save_channel(db, f"staff:{email}", "email", email, by=SYSTEM, lang="en")
    outbox.save_watch(db, "staff:lead@assoc.example", "brand", "omega", by=SYSTEM)
    import_two_member_case(db, tmp_path)
    # the new case goes to the analysts and the desk (their digests name M1 and M2); leadership's
    # staff channel and watch list get nothing, since staff alerts name members
    assert statuses(db, "staff:%") == [
        ("staff:ana@assoc.example", "new_case", "pending"),
        ("staff:desk@assoc.example", "new_case", "pending"),
        ("staff:gone@assoc.example", "new_case", "pending"),
    ]
    users.save_user(db, "ana@assoc.example", "member", "M3", by=SYSTEM)  # ana leaves staff for a member firm
    users.remove_user(db, "gone@assoc.example", by=SYSTEM)
    delivery.send(db, secrets=Secrets(smtp.url, "cw@assoc.example"), now=NOW, sleep=lambda _: None)
    assert statuses(db, "staff:%") == [
        ("staff:ana@assoc.example", "new_case", "cancelled"),
        ("staff:desk@assoc.example", "new_case", "sent"),
        ("staff:gone@assoc.example", "new_case", "cancelled"),
    ]
    assert [m["To"] for m in smtp.mailbox.messages] == ["desk@assoc.example"]
    # their staff channels went with their role; the front desk's and leadership's stay
    channels = db.sql("SELECT recipient FROM alert_channels ORDER BY ALL")["recipient"].tolist()
    assert channels == ["staff:desk@assoc.example", "staff:lead@assoc.example"]
    db.close()


def test_a_tro_is_told_once_however_many_entries_record_it(tmp_path: Path) -> None:
    db = Database(str(tmp_path / "a.duckdb"))
    outbox.save_channel(db, "member:M1", "email", "m1@example.com", by=SYSTEM, lang="en")
    import_two_member_case(db, tmp_path)
    # the next sync brings the sealed order of 12-12 and an extension of 12-13, recorded as TROs too
    later = tmp_path / "later.csv"
    later.write_text(
        f"case_id,event_on,kind,detail\n{CASE},2026-12-12,tro,Sealed TRO\n{CASE},2026-12-13,tro,TRO extended\n",
        encoding="utf-8",
    )
    import_files(db, [later], today=TODAY)
    milestones = db.sql("SELECT subject, event_on FROM alerts WHERE rule = 'milestone' AND recipient = 'member:M1'")
    assert milestones.values.tolist() == [[f"{CASE}|tro|2026-12-11", milestones["event_on"].iloc[0]]]
    assert str(milestones["event_on"].iloc[0])[:10] == "2026-12-11"
    db.close()
