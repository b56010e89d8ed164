"""An order extending a TRO: read off the docket as another tro event, and its expiry counted on from
the TRO's (FRCP 65(b)(2): extended "for a like period"), not from the extension's entry.

Hand-worked dates (FRCP 6(a)(1), as in tests/unit/test_docket_endings.py): the TRO entered Friday
2026-12-11 ends 14 days later on Friday 12-25, Christmas -> Monday 2026-12-28. Extended on Tuesday
12-22, before it lapsed, it runs 14 days on from 12-28: Monday 2027-01-11 (from the extension's
entry it would be Tuesday 2027-01-05). Extended again on Friday 2027-01-08: Monday 2027-01-25 (not
Friday 01-22). An extension entered on Monday 2027-01-04, after the TRO lapsed on 12-28, is a TRO
entered anew: 01-18, Martin Luther King Day -> Tuesday 2027-01-19. An extension stating its end
("through January 29, 2027") ends then, whenever it is entered. A sealed copy of the TRO entered
Tuesday 12-15 runs from its own entry: 12-29. Served with the TRO of 12-11, the answer is due Monday
2027-01-04 whatever happens to the TRO."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from casewatch.db import Database
from casewatch.ingest import import_files
from casewatch.ingest.docket import TRO_EXTENSION, milestone_of
from tests.support.databases import fetch
from tests.unit.test_docket_endings import CASE, TRO_GRANTED, docket

D = dt.date
EXTENDED = (
    "MINUTE entry before the Honorable Jane Doe: Plaintiff's motion to extend the temporary restraining "
    "order [20] is granted. Mailed notice."
)
EXTENDED_AGAIN = "ORDER extending the temporary restraining order [14]. Signed by the Honorable Jane Doe on 1/8/2027."
SEALED_TRO = "SEALED TEMPORARY RESTRAINING ORDER. Signed by the Honorable Jane Doe on 12/15/2026."
# an extension stating its end runs to that date (the court set it), not 14 days on
EXTENDED_THROUGH = (
    "MINUTE entry before the Honorable Jane Doe: Plaintiff's motion to extend the temporary restraining "
    "order [20] is granted. The TRO is extended through January 29, 2027. Mailed notice."
)
EXTENDED_UNTIL = "ORDER extending the temporary restraining order [14] until 2/1/27. Signed by the Honorable Jane Doe."

READINGS = [
    (TRO_GRANTED[1], "tro", False),
    (EXTENDED, "tro", True),
    (EXTENDED_AGAIN, "tro", True),
    (SEALED_TRO, "tro", False),
    # a minute entry stating the TRO extended grants the extension (it was read as nothing)
    (
        "MINUTE entry before the Honorable Jane Doe: The temporary restraining order [14] is extended through "
        "the preliminary injunction hearing. Mailed notice.",
        "tro",
        True,
    ),
    # extended until the PI hearing: no PI is entered (it was read as a PI)
    (
        "ORDER: Plaintiff's motion to extend the TRO until the preliminary injunction hearing [30] is granted. "
        "Signed by the Honorable Jane Doe on 12/22/2026.",
        "tro",
        True,
    ),
    ("SEALED ORDER granting extension of the Court's temporary restraining order.", "tro", True),
    ("The TRO [20] entered on December 11, 2026 is hereby extended.", "tro", True),
    ("TRO extended", "tro", True),  # an events file's own words
    (EXTENDED_THROUGH, "tro", True),
    (EXTENDED_UNTIL, "tro", True),
    # not an extension granted, or not of a TRO
    (
        "MINUTE entry before the Honorable Jane Doe: Plaintiff's motion to extend the temporary restraining "
        "order [30] is denied. Mailed notice.",
        None,
        True,
    ),
    ("MOTION by Plaintiff Acme Corp to extend the temporary restraining order", None, True),
    (
        "MINUTE entry before the Honorable Jane Doe: Defendants' time to respond to the TRO motion is extended "
        "to 1/5/2027. Mailed notice.",
        None,
        False,
    ),
    ("ORDER granting motion for extension of time to answer. Signed by the Honorable Jane Doe.", None, False),
]


@pytest.mark.parametrize(("text", "kind", "extension"), READINGS)
def test_an_order_extending_a_tro_is_a_tro(text: str, kind: str | None, extension: bool) -> None:
    assert milestone_of(text) == kind
    assert bool(TRO_EXTENSION.search(text)) is extension


def test_the_database_tells_an_extension_as_the_reader_does(tiny_db: Database) -> None:
    texts = [text for text, _, _ in READINGS]
    cursor = tiny_db.cursor()
    try:
        found = [cursor.execute("SELECT tro_extension($1)", [text]).fetchall()[0][0] for text in texts]
        assert cursor.execute("SELECT tro_extension(NULL)").fetchall() == [(False,)]
    finally:
        cursor.close()
    assert found == [bool(TRO_EXTENSION.search(text)) for text in texts]


@pytest.mark.parametrize(
    ("text", "ends_on"),
    [
        (EXTENDED_THROUGH, D(2027, 1, 29)),
        (EXTENDED_UNTIL, D(2027, 2, 1)),  # a two-digit year
        ("The TRO [20] is extended to 3/5/2027.", D(2027, 3, 5)),
        ("The TRO is extended through and including Sept. 3, 2027.", D(2027, 9, 3)),
        ("TRO extended until 2027-02-03", D(2027, 2, 3)),
        ("The TRO is extended through Jan 8 2027.", D(2027, 1, 8)),
        ("The TRO is extended through September 3, 2027.", D(2027, 9, 3)),
        ("the tro is extended through sept. 3, 2027", D(2027, 9, 3)),
        ("The TRO is extended through January 29th, 2027. PI hearing set to 2/5/2027.", D(2027, 1, 29)),
        ("The TRO is extended to 29 January 2027; the hearing is reset to 1/15/2027.", D(2027, 1, 29)),
        ("Plaintiff's motion to extend the TRO to 1-29-2027 is granted.", D(2027, 1, 29)),
        ("ORDER granting extension of the TRO until Jan. 29, 2027 at 5:00 p.m.", D(2027, 1, 29)),
        # a date the extension's own words do not give as its end
        ("The TRO is extended. Preliminary injunction hearing set to 1/20/2027.", None),
        ("The TRO is extended through the PI hearing. Status hearing reset to 1/20/2027.", None),
        ("TRO extended. Response due to 1/5/2027.", None),
        ("The TRO is extended, and the hearing is set to 2/16/2027.", None),
        # no date stated, or not one after the entry: no end of its own
        (EXTENDED, None),
        (EXTENDED_AGAIN, None),  # "Signed ... on 1/8/2027" is when, not until when
        ("The TRO is extended through the preliminary injunction hearing.", None),
        ("The TRO is extended as to Defendants 1-5.", None),
        ("The TRO is extended through 12/1/2026.", None),
        (None, None),
    ],
)
def test_an_extension_states_its_end(tiny_db: Database, text: str | None, ends_on: dt.date | None) -> None:
    # the entry is dated 2026-12-22
    cursor = tiny_db.cursor()
    try:
        found = cursor.execute("SELECT tro_extended_to($1, DATE '2026-12-22')", [text]).fetchall()
    finally:
        cursor.close()
    assert found == [(ends_on,)]


def import_docket(db: Database, folder: Path, today: dt.date, *entries: tuple[str, str]) -> None:
    """The docket of CASE with these entries, and its Schedule A list (JiaYi Direct = M1's store,
    BingDing Fashion = M2's, a stranger), imported as on ``today`` (the alerts are computed then)."""
    (folder / "docket.json").write_text(json.dumps(docket(*entries)), encoding="utf-8")
    (folder / "schedule_a.csv").write_text(
        "case_id,defendant_no,store_name,platform,seller_id\n"
        f"{CASE},1,JiaYi Direct,amazon,A1JIAYI0001\n"
        f"{CASE},2,BingDing Fashion,amazon,A2BINGDING02\n"
        f"{CASE},3,Stranger Shop,walmart,W1\n",
        encoding="utf-8",
    )
    for name in ("docket.json", "schedule_a.csv"):
        import_files(db, [folder / name], today=today)


def expiries(db: Database) -> list[tuple[object, ...]]:
    return fetch(
        db,
        "SELECT member_id, tro_on, tro_expires_on, pi_hearing_by, answer_due_on "
        f"FROM member_matters(NULL, 14, 21) WHERE case_id = '{CASE}' ORDER BY defendant_no",
    )


@pytest.mark.parametrize(
    ("entries", "expires"),
    [
        ([("2026-12-22", EXTENDED)], D(2027, 1, 11)),
        ([("2026-12-22", EXTENDED), ("2027-01-08", EXTENDED_AGAIN)], D(2027, 1, 25)),
        ([("2027-01-04", EXTENDED_AGAIN)], D(2027, 1, 19)),  # after the TRO lapsed: a TRO anew
        ([("2026-12-15", SEALED_TRO)], D(2026, 12, 29)),  # not an extension: from its own entry
        ([("2026-12-22", EXTENDED_THROUGH)], D(2027, 1, 29)),  # to the date it states
        ([("2026-12-22", EXTENDED), ("2027-01-08", EXTENDED_THROUGH)], D(2027, 1, 29)),
        ([("2027-01-04", EXTENDED_UNTIL)], D(2027, 2, 1)),  # after the TRO lapsed, to its stated end
        # the hearing's date is not the TRO's end: 14 days on from 12-28
        ([("2026-12-22", EXTENDED + " Preliminary injunction hearing set to 2/16/2027.")], D(2027, 1, 11)),
    ],
)
def test_an_extension_runs_on_from_the_expiry(
    tiny_db: Database, tmp_path: Path, entries: list[tuple[str, str]], expires: dt.date
) -> None:
    last = D.fromisoformat(entries[-1][0])
    import_docket(tiny_db, tmp_path, last, TRO_GRANTED, *entries)
    assert expiries(tiny_db) == [(m, last, expires, expires, D(2027, 1, 4)) for m in ("M1", "M2")]


def test_an_extended_tro_is_told_once_and_reminded_of_its_new_expiry(tiny_db: Database, tmp_path: Path) -> None:
    import_docket(tiny_db, tmp_path, D(2026, 12, 14), TRO_GRANTED)
    import_docket(tiny_db, tmp_path, D(2026, 12, 22), TRO_GRANTED, ("2026-12-22", EXTENDED))
    pending = fetch(
        tiny_db,
        "SELECT member_id, rule, detail, due_on FROM alerts "
        f"WHERE case_id = '{CASE}' AND status = 'pending' AND rule IN ('deadline', 'milestone') ORDER BY ALL",
    )
    expires, answer = D(2027, 1, 11), D(2027, 1, 4)
    for member in ("M1", "M2"):
        mine = [row[1:] for row in pending if row[0] == member]
        # the TRO is news once (the extension is the same TRO); the reminders of 12-28 were cancelled
        assert mine == sorted(
            [("milestone", "tro", D(2026, 12, 14))]
            + [("deadline", "pi_hearing,tro_expires", expires - dt.timedelta(days=n)) for n in (7, 3, 1)]
            + [("deadline", "answer_due", answer - dt.timedelta(days=n)) for n in (7, 3, 1)]
        )
    cancelled = fetch(
        tiny_db,
        f"SELECT DISTINCT detail FROM alerts WHERE case_id = '{CASE}' AND status = 'cancelled' AND rule = 'deadline'",
    )
    assert cancelled == [("pi_hearing,tro_expires",)]
