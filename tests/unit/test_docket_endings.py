"""Whom a docket's dismissal, settlement or default judgment ends, and TROs denied: the entry
texts of a review (found ending every defendant of a case, and a denied TRO taken for one) and
real wordings, then both end to end through `python -m casewatch import`.

Hand-worked dates (FRCP 6(a)(1), tests/unit/test_deadlines.py): a TRO entered Friday 2026-12-11
ends 14 days later on Friday 12-25, Christmas -> Monday 2026-12-28, the PI hearing's last day too;
served with it, the answer is due 21 days later on Friday 2027-01-01, New Year's Day -> Monday
2027-01-04. Without a TRO the answer counts from the filing, Monday 2026-12-07 + 21 = Monday
2026-12-28. Reminders go 7, 3 and 1 days before each deadline."""

from __future__ import annotations

import datetime as dt
import json
import subprocess
import sys
from pathlib import Path

import pytest

from casewatch.alerts import rules
from casewatch.db import Database
from casewatch.ingest import import_files
from casewatch.ingest.docket import Named, defendants_named, named_defendants, parse_docket
from casewatch.sql import ROOT, load_sql
from tests.support.databases import fetch

CASE = "ilnd:1:26-cv-09101"
TODAY = dt.date(2026, 12, 14)
DISMISSAL = (
    "NOTICE of Voluntary Dismissal by Acme Corp as to Defendant No. 2 (BingDing Fashion) (Attachments: # 1 Schedule A)"
)


@pytest.mark.parametrize(
    ("text", "named"),
    [
        # the review's entry: its attachment named "Schedule A" is no defendant
        (DISMISSAL, Named(numbers=(2,))),
        (
            "NOTICE of Voluntary Dismissal by Alpha Inc as to Defendants Nos. 3, 5 and 7-9",
            Named(numbers=(3, 5, 7, 8, 9)),
        ),
        ("NOTICE of Voluntary Dismissal by Alpha Inc as to defendant 17", Named(numbers=(17,))),
        ("NOTICE by Alpha Inc of settlement as to defendants 3, 9", Named(numbers=(3, 9))),
        (
            "NOTICE of voluntary dismissal as to the Defendants identified in Schedule A lines 12-14 and 20",
            Named(numbers=(12, 13, 14, 20)),
        ),
        ("NOTICE of voluntary dismissal as to the Defendant identified on Schedule A as line 4", Named(numbers=(4,))),
        ("MINUTE entry: Defendant No. 4 is dismissed. Mailed notice.", Named(numbers=(4,))),
        (
            "NOTICE of Voluntary Dismissal as to Defendants JiaYi Direct and Random Store (Smith, John)",
            Named(names=("JiaYi Direct and Random Store",)),
        ),
        # named in no form read here, or not at all: some defendants, ending no one
        ("NOTICE of Voluntary Dismissal by Alpha Inc as to certain Defendants", Named()),
        ("NOTICE of Voluntary Dismissal by Alpha Inc (Attachments: # 1 Schedule A)", Named()),
        ("FINAL JUDGMENT ORDER granting motion for entry of default judgment", Named()),
        ("ORDER: dismissed as to all defendants except Defendant No. 3.", Named()),
        # the whole case
        ("ORDER dismissing the case. Civil case terminated.", Named(whole_case=True)),
        ("ORDER: this action is dismissed as to all defendants.", Named(whole_case=True)),
        (
            "MINUTE entry before the Honorable Judge: Plaintiff's motion for entry of default and default "
            "judgment [55] is granted as to the defendants on Schedule A.",
            Named(whole_case=True),
        ),
        (  # cacd:2:06-cv-00350, a real docket: names defendants, and terminates the case
            "STIPULATION AND ORDER that this action is to be dismissed with prejudice as to defendant Castle Hill "
            "Apparel, Inc., This action is to be dismissed without prejudice as to Daffy's, Inc., Mervyn's LLC. "
            "Each party is to bear its own costs and fees by Judge S. James Otero :, (Made JS-6. Case Terminated.)",
            Named(whole_case=True),
        ),
        (  # the same docket
            "STIPULATION AND ORDER for voluntary dismissal of the entire action pursuant to FRCP 41(a)(1) by Judge "
            "S. James Otero :(bp, ) (Entered: 08/30/2006)",
            Named(whole_case=True),
        ),
    ],
)
def test_whom_an_ending_entry_names(text: str, named: Named) -> None:
    assert defendants_named(text) == named


@pytest.mark.parametrize(
    ("text", "named"),
    [
        # a default judgment naming no one is entered against the defaulting Schedule A defendants
        # (found in review: stored as partial, it told no member and closed no matter)
        (
            "MINUTE entry before the Honorable Judge: Plaintiff's motion for entry of default and default "
            "judgment [40] is granted. Enter Final Judgment Order.",
            Named(whole_case=True),
        ),
        (
            "ORDER: motion for default judgment [40] is granted as to the defaulting defendants identified in "
            "Schedule A.",
            Named(whole_case=True),
        ),
        ("FINAL JUDGMENT ORDER granting motion for entry of default judgment", Named(whole_case=True)),
        ("ORDER: motion for default judgment [40] is granted as to Defendant No. 7.", Named(numbers=(7,))),
    ],
)
def test_whom_a_default_judgment_names(text: str, named: Named) -> None:
    assert defendants_named(text, "default_judgment") == named


def test_store_names_are_matched_whole_and_the_longest_wins() -> None:
    stores = {1: "JiaYi Direct", 2: "Random Shop", 3: "Shop", 4: "Castle Hill Apparel, Inc.", 5: "Direct Co"}
    assert named_defendants(Named(names=("JiaYi Direct and Random Shop",)), stores) == [1, 2]
    # punctuation and case aside; "Shop" is only part of "Random Shop"
    assert named_defendants(Named(names=("castle hill apparel inc",)), stores) == [4]
    assert named_defendants(Named(names=("Some Other Store",)), stores) == []
    assert named_defendants(Named(numbers=(2, 40)), stores) == [2, 40]  # numbers are the court's


def docket(*entries: tuple[str, str]) -> dict[str, object]:
    """A Schedule A docket of CASE filed Monday 2026-12-07 with these (date, text) entries."""
    return {
        "court_id": "ilnd",
        "docket_number": "1:26-cv-09101",
        "case_name": 'Acme Corp v. The Partnerships and Unincorporated Associations Identified on Schedule "A"',
        "date_filed": "2026-12-07",
        "date_terminated": None,
        "nature_of_suit": "840 Trademark",
        "parties": [
            {"name": "Acme Corp", "type": "Plaintiff", "attorneys": []},
            {
                "name": 'The Partnerships and Unincorporated Associations Identified on Schedule "A"',
                "type": "Defendant",
            },
        ],
        "docket_entries": [
            {"date_filed": "2026-12-07", "document_number": 1, "description": "COMPLAINT filed by Acme Corp"},
            *({"date_filed": day, "description": text} for day, text in entries),
        ],
    }


TRO_GRANTED = (
    "2026-12-11",
    "MINUTE entry before the Honorable Jane Doe: Plaintiff's motion for entry of a temporary restraining "
    "order [12] is granted. Mailed notice.",
)


def test_the_parsed_docket_keeps_whom_each_entry_names() -> None:
    parsed = parse_docket(docket(TRO_GRANTED, ("2026-12-14", DISMISSAL)))
    assert [(date, kind, named) for date, kind, _, named in parsed.events] == [
        ("2026-12-07", "filed", Named(whole_case=True)),
        ("2026-12-11", "tro", Named(whole_case=True)),
        ("2026-12-14", "dismissed", Named(numbers=(2,))),
    ]


def import_cli(db_path: Path, *files: Path) -> None:
    command = [sys.executable, "-m", "casewatch", "import", "--db", str(db_path), "--lang", "en"]
    done = subprocess.run([*command, *map(str, files)], capture_output=True, text=True, cwd=ROOT, check=False)
    assert done.returncode == 0, done.stderr


def import_case(tiny_db: Database, tmp_path: Path, *entries: tuple[str, str], cli: bool = False) -> Database:
    """The docket, then its Schedule A list (JiaYi Direct = M1's, BingDing Fashion = M2's, a
    stranger), each imported on its own (through the CLI with ``cli``, which computes the outbox
    for the machine's date: then it is computed again as on TODAY)."""
    path = Path(tiny_db.path)
    (tmp_path / "docket.json").write_text(json.dumps(docket(*entries)), encoding="utf-8")
    (tmp_path / "schedule_a.csv").write_text(
        "case_id,defendant_no,store_name,platform,seller_id\n"
        f"{CASE},1,JiaYi Direct,amazon,A1JIAYI0001\n"
        f"{CASE},2,BingDing Fashion,amazon,A2BINGDING02\n"
        f"{CASE},3,Stranger Shop,walmart,W1\n",
        encoding="utf-8",
    )
    if not cli:
        for name in ("docket.json", "schedule_a.csv"):
            import_files(tiny_db, [tmp_path / name], today=TODAY)
        return tiny_db
    tiny_db.close()
    import_cli(path, tmp_path / "docket.json")
    import_cli(path, tmp_path / "schedule_a.csv")
    db = Database(str(path))
    with db.write() as con:
        rules.compute(con, TODAY)
    return db


def matters(db: Database) -> list[tuple[object, ...]]:
    return fetch(
        db,
        "SELECT member_id, defendant_no, open, tro_on, tro_expires_on, answer_due_on "
        f"FROM member_matters(NULL, 14, 21) WHERE case_id = '{CASE}' ORDER BY defendant_no",
    )


def pending(db: Database) -> list[tuple[object, ...]]:
    return fetch(
        db,
        "SELECT member_id, rule, detail, due_on FROM alerts "
        f"WHERE case_id = '{CASE}' AND status = 'pending' AND rule IN ('deadline', 'milestone') ORDER BY ALL",
    )


D = dt.date


def test_a_dismissal_of_one_defendant_leaves_the_others_open(tiny_db: Database, tmp_path: Path) -> None:
    db = import_case(tiny_db, tmp_path, TRO_GRANTED, ("2026-12-14", DISMISSAL), cli=True)
    try:
        tro, expires, answer = D(2026, 12, 11), D(2026, 12, 28), D(2027, 1, 4)
        assert matters(db) == [("M1", 1, True, tro, expires, answer), ("M2", 2, False, tro, expires, answer)]
        m1 = [("M1", "deadline", "pi_hearing,tro_expires", expires - dt.timedelta(days=n)) for n in (7, 3, 1)]
        m1 += [("M1", "deadline", "answer_due", answer - dt.timedelta(days=n)) for n in (7, 3, 1)]
        # the TRO is news to both members; the reminders are M1's alone
        both = [(m, "milestone", "tro", TODAY) for m in ("M1", "M2")]
        assert pending(db) == sorted(m1 + both)
        events = fetch(
            db, f"SELECT event_on, kind, defendant_no, partial FROM events WHERE case_id = '{CASE}' ORDER BY 1"
        )
        assert events == [
            (D(2026, 12, 7), "filed", None, False),
            (D(2026, 12, 11), "tro", None, False),
            (D(2026, 12, 14), "dismissed", 2, False),
        ]
    finally:
        db.close()


def outcomes(db: Database) -> list[tuple[object, ...]]:
    return fetch(db, f"SELECT defendant_no, outcome FROM defendant_facts WHERE case_id = '{CASE}' ORDER BY 1")


def test_a_docket_sets_the_outcomes_it_states(tiny_db: Database, tmp_path: Path) -> None:
    """The docket with its TRO, then the Schedule A list (No. 3's outcome given as settled): the
    docket's TRO moves the list's pending defendants to tro (the case's record is the docket's, so
    its word stands whichever came first), the given decided outcome stays. The docket again, now
    with the dismissal of No. 2 (as the feed fetches a docket again when it changes): No. 2's is
    dismissed. Then a default judgment naming no one ends every undecided matter. A case from
    files alone keeps the outcomes its files give (the tiny fixture's TRO cases list pending ones)."""
    def import_docket(*entries: tuple[str, str]) -> None:
        (tmp_path / "docket.json").write_text(json.dumps(docket(*entries)), encoding="utf-8")
        import_files(tiny_db, [tmp_path / "docket.json"], today=TODAY)

    import_docket(TRO_GRANTED)
    (tmp_path / "schedule_a.csv").write_text(
        "case_id,defendant_no,store_name,platform,seller_id,outcome\n"
        f"{CASE},1,JiaYi Direct,amazon,A1JIAYI0001,\n"
        f"{CASE},2,BingDing Fashion,amazon,A2BINGDING02,pending\n"
        f"{CASE},3,Stranger Shop,walmart,W1,settled\n",
        encoding="utf-8",
    )
    import_files(tiny_db, [tmp_path / "schedule_a.csv"], today=TODAY)
    assert outcomes(tiny_db) == [(1, "tro"), (2, "tro"), (3, "settled")]
    import_docket(TRO_GRANTED, ("2026-12-14", DISMISSAL))
    assert outcomes(tiny_db) == [(1, "tro"), (2, "dismissed"), (3, "settled")]
    judgment = (
        "2026-12-21",
        "MINUTE entry before the Honorable Jane Doe: Plaintiff's motion for entry of default and default "
        "judgment [40] is granted. Enter Final Judgment Order. Mailed notice.",
    )
    import_docket(TRO_GRANTED, ("2026-12-14", DISMISSAL), judgment)
    assert outcomes(tiny_db) == [(1, "default_judgment"), (2, "dismissed"), (3, "settled")]
    # a case of the tiny fixture's files: its TRO event leaves the defendants it lists as pending
    (tmp_path / "again.csv").write_text(
        "case_id,defendant_no,store_name,platform\nilnd:1:24-cv-00001,9,Another Shop,amazon\n", encoding="utf-8"
    )
    before = fetch(tiny_db, "SELECT outcome FROM defendants WHERE case_id = 'ilnd:1:24-cv-00001' ORDER BY defendant_no")
    import_files(tiny_db, [tmp_path / "again.csv"], today=TODAY)
    after = fetch(tiny_db, "SELECT outcome FROM defendants WHERE case_id = 'ilnd:1:24-cv-00001' ORDER BY defendant_no")
    assert after == [*before, ("pending",)]


def test_a_dismissal_naming_no_stored_defendant_ends_no_one(tiny_db: Database, tmp_path: Path) -> None:
    unnamed = "NOTICE of Voluntary Dismissal by Acme Corp as to Defendant Nobody Store (Attachments: # 1 Schedule A)"
    db = import_case(tiny_db, tmp_path, TRO_GRANTED, ("2026-12-14", unnamed))
    try:
        assert [row[:3] for row in matters(db)] == [("M1", 1, True), ("M2", 2, True)]
        assert fetch(
            db, f"SELECT defendant_no, partial FROM events WHERE case_id = '{CASE}' AND kind = 'dismissed'"
        ) == [(None, True)]
    finally:
        db.close()


def test_a_default_judgment_naming_no_one_ends_every_matter(tiny_db: Database, tmp_path: Path) -> None:
    judgment = (
        "2026-12-14",
        "MINUTE entry before the Honorable Jane Doe: Plaintiff's motion for entry of default and default "
        "judgment [40] is granted. Enter Final Judgment Order. Mailed notice.",
    )
    db = import_case(tiny_db, tmp_path, TRO_GRANTED, judgment)
    try:
        assert [row[:3] for row in matters(db)] == [("M1", 1, False), ("M2", 2, False)]
        # both members hear of the TRO and the judgment; no reminder is left for a closed matter
        assert pending(db) == sorted(
            (m, "milestone", kind, TODAY) for m in ("M1", "M2") for kind in ("default_judgment", "tro")
        )
    finally:
        db.close()


def test_events_without_text_are_not_readings_of_each_other(tiny_db: Database, tmp_path: Path) -> None:
    # a case-wide TRO from one events file stays when another adds a TRO of the same day for one
    # defendant, both without text (found in review: the case-wide one was deleted)
    db = import_case(tiny_db, tmp_path, ("2026-12-08", "COMPLAINT filed"))
    for name, number in (("whole.csv", ""), ("one.csv", "3")):
        (tmp_path / name).write_text(
            f"case_id,event_on,kind,defendant_no,detail\n{CASE},2026-12-11,tro,{number},\n", encoding="utf-8"
        )
        import_files(db, [tmp_path / name], today=TODAY)
    try:
        assert fetch(
            db, f"SELECT defendant_no FROM events WHERE case_id = '{CASE}' AND kind = 'tro' ORDER BY 1 NULLS FIRST"
        ) == [(None,), (3,)]
    finally:
        db.close()


def test_a_denied_tro_is_no_tro(tiny_db: Database, tmp_path: Path) -> None:
    denied = (
        "2026-12-11",
        "ORDER: Plaintiff's ex parte motion for entry of a temporary restraining order [13] is denied. "
        "Signed by the Honorable Jane Doe on 12/11/2026.",
    )
    db = import_case(tiny_db, tmp_path, denied)
    try:
        assert fetch(db, f"SELECT kind FROM events WHERE case_id = '{CASE}'") == [("filed",)]
        answer = D(2026, 12, 28)  # from the filing, no TRO to expire and no PI hearing to hold
        assert matters(db) == [("M1", 1, True, None, None, answer), ("M2", 2, True, None, None, answer)]
        assert pending(db) == sorted(
            (m, "deadline", "answer_due", answer - dt.timedelta(days=n)) for m in ("M1", "M2") for n in (7, 3, 1)
        )
    finally:
        db.close()


def test_a_database_of_schema_23_reads_its_stored_dismissal_anew(tiny_db: Database, tmp_path: Path) -> None:
    """A database whose docket import stored the dismissal of defendant No. 2 for the whole case
    (as before schema 40): the upgrade reads it as about some defendants, and the docket imported
    again replaces it by defendant 2's."""
    db = import_case(tiny_db, tmp_path, TRO_GRANTED)
    path = db.path
    with db.write() as con:  # as a CaseWatch of schema 23 left it
        con.execute("DELETE FROM schema_version WHERE version = 40")
        con.execute("ALTER TABLE events DROP COLUMN IF EXISTS partial")
        con.execute(load_sql("migrations/009_alerts"))
        con.execute(
            "INSERT INTO events (case_id, event_on, kind, defendant_no, detail) "
            "VALUES ($case, $on, 'dismissed', NULL, $detail)",
            {"case": CASE, "on": D(2026, 12, 14), "detail": DISMISSAL},
        )
        assert con.execute(
            f"SELECT count(*) FROM member_matters(NULL, 14, 21) WHERE open AND case_id = '{CASE}'"
        ).fetchall() == [(0,)]
    db.close()
    db = Database(path)
    try:
        assert [row[:3] for row in matters(db)] == [("M1", 1, True), ("M2", 2, True)]
        assert fetch(
            db, f"SELECT defendant_no, partial FROM events WHERE case_id = '{CASE}' AND kind = 'dismissed'"
        ) == [(None, True)]
    finally:
        db.close()
    (tmp_path / "docket.json").write_text(json.dumps(docket(TRO_GRANTED, ("2026-12-14", DISMISSAL))), encoding="utf-8")
    import_cli(Path(path), tmp_path / "docket.json")
    db = Database(path)
    try:
        assert [row[:3] for row in matters(db)] == [("M1", 1, True), ("M2", 2, False)]
        assert fetch(
            db, f"SELECT defendant_no, partial FROM events WHERE case_id = '{CASE}' AND kind = 'dismissed'"
        ) == [(2, False)]
    finally:
        db.close()


def test_a_database_of_schema_47_gets_the_outcomes_its_dockets_state(tiny_db: Database, tmp_path: Path) -> None:
    """Before schema 48 a docket's TRO and endings left its defendants pending: the upgrade sets
    them once, for the cases whose record is a docket's only (the tiny fixture's own stay)."""
    db = import_case(tiny_db, tmp_path, TRO_GRANTED, ("2026-12-14", DISMISSAL))
    path = db.path
    tiny_cases = "SELECT case_id, defendant_no, outcome FROM defendants WHERE case_id <> $case ORDER BY ALL"
    with db.write() as con:  # as a CaseWatch of schema 47 left it
        con.execute("DELETE FROM schema_version WHERE version = 48")
        con.execute("UPDATE defendants SET outcome = 'pending' WHERE case_id = $case", {"case": CASE})
        # a case from the fixture's files, with a default judgment event: not the docket's to change
        con.execute(
            "UPDATE defendants SET outcome = 'pending' WHERE case_id = 'ilnd:1:24-cv-00001' AND defendant_no = 3"
        )
        others = con.execute(tiny_cases, {"case": CASE}).fetchall()
    db.close()
    db = Database(path)
    try:
        stored = f"SELECT defendant_no, outcome FROM defendants WHERE case_id = '{CASE}' ORDER BY 1"
        assert fetch(db, stored) == outcomes(db) == [(1, "tro"), (2, "dismissed"), (3, "tro")]
        assert db.sql(tiny_cases, {"case": CASE}).values.tolist() == [list(row) for row in others]
    finally:
        db.close()
