"""Dockets: the nine real PACER dockets (when ../shared/realdata is there), CourtListener v4 with
its parties page, Schedule A aggregates replaced by a defendant list, milestones, IP types."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from casewatch.db import Database
from casewatch.ingest import ImportRejected, import_files
from casewatch.ingest.docket import ip_type_of, milestone_of
from casewatch.sql import ROOT
from tests.queries.test_facts_refresh import same_as_full_rebuild
from tests.support.databases import fetch

REAL = ROOT.parent / "shared" / "realdata" / "pacer-dockets"
# file -> (case_id, court, docket number, filed, terminated, ip_type), from the folder's README
# and the files' own fields.
EXPECTED = {
    "dockets__district__cacd.json": ("cacd", "2:06-cv-00350", "2006-01-19", "2006-08-25", "copyright"),
    "dockets__district__ded.json": ("ded", "1:09-cv-00189", "2009-03-23", "2011-04-11", "utility_patent"),
    "dockets__district__njd_509180.json": ("njd", "2:23-cv-01194", "2023-03-01", None, "utility_patent"),
    "dockets__district__txed.json": ("txed", "6:07-cv-00354", "2007-07-26", "2011-11-21", "utility_patent"),
    "dockets_internet_archive__cacd_670564.json": ("cacd", "5:17-cv-00291", "2017-02-13", None, "trademark"),
    "dockets_internet_archive__mied_318514.json": ("mied", "2:17-cv-10823", "2017-03-15", None, "utility_patent"),
    "dockets_internet_archive__txnd_202294.json": ("txnd", "3:11-cv-00002", "2011-01-02", "2011-02-28", "copyright"),
    "dockets__district__ilnd_310470.json": ("ilnd", "1:15-cv-04313", "2015-05-14", None, "other"),
    "dockets__district__ilnd_378697.json": ("ilnd", "1:20-cv-04676", "2020-08-10", None, "other"),
}


@pytest.mark.skipif(not REAL.is_dir(), reason="../shared/realdata/pacer-dockets is not on this machine")
def test_nine_real_dockets_import(tmp_path: Path) -> None:
    db = Database(str(tmp_path / "real.duckdb"))
    report = import_files(db, sorted(REAL / name for name in EXPECTED))
    assert report.committed and len(report.files) == 9
    got = {
        row[0]: row[1:]
        for row in fetch(db, "SELECT case_id, court, docket_number, filed_on, closed_on, ip_type FROM cases")
    }
    for court, number, filed, closed, ip_type in EXPECTED.values():
        stored = got[f"{court}:{number}"]
        assert stored == (
            court,
            number,
            dt.date.fromisoformat(filed),
            dt.date.fromisoformat(closed) if closed else None,
            ip_type,
        )
    firms = dict(fetch(db, "SELECT case_id, law_firm FROM cases"))
    assert firms["cacd:2:06-cv-00350"] == "Doniger Law Firm"
    assert firms["ded:1:09-cv-00189"] == "Morris, Nichols, Arsht & Tunnell LLP"
    # "Does 1-109" is one aggregate defendant row beside the named "Doe 1"
    txnd = fetch(
        db,
        "SELECT d.store_name, a.label IS NOT NULL FROM defendants d LEFT JOIN aggregate_defendants a "
        "USING (case_id, defendant_no) WHERE case_id = 'txnd:3:11-cv-00002' ORDER BY d.defendant_no",
    )
    assert txnd == [("Does 1-109", True), ("Doe 1", False)]
    assert ("2006-08-25", "dismissed") in {
        (str(d), k) for d, k in fetch(db, "SELECT event_on, kind FROM events WHERE case_id = 'cacd:2:06-cv-00350'")
    }
    version = db.data_version()
    again = import_files(db, sorted(REAL / name for name in EXPECTED))
    assert {f.status for f in again.files} == {"unchanged"}
    assert db.data_version() == version


SCHEDULE_A = {
    "id": 68000001,
    "absolute_url": "/docket/68000001/alpha-inc-v-the-partnerships/",
    "resource_uri": "https://www.courtlistener.com/api/rest/v4/dockets/68000001/",
    "court_id": "ilnd",
    "docket_number": "1:24-cv-04321",
    "case_name": 'Alpha Inc v. The Partnerships and Unincorporated Associations Identified on "Schedule A"',
    "date_filed": "2024-05-02",
    "date_terminated": None,
    "cause": "15:1114 Trademark Infringement",
    "nature_of_suit": "840 Trademark",
}
PARTIES = {
    "count": 2,
    "next": None,
    "results": [
        {
            "name": "Alpha Inc",
            "party_types": [{"name": "Plaintiff", "docket": 68000001}],
            "attorneys": [{"contact_raw": "Greer, Burns & Crain, Ltd.\n300 S Wacker Dr\nChicago, IL 60606"}],
        },
        {
            "name": "The Partnerships and Unincorporated Associations Identified on Schedule A",
            "party_types": [{"name": "Defendant", "docket": 68000001}],
            "attorneys": [],
        },
    ],
}


# the defendant list of SCHEDULE_A's case
SCHEDULE_A_LIST = (
    "case_id,defendant_no,store_name,platform\n"
    "ilnd:1:24-cv-04321,1,JiaYi Direct,amazon\n"
    "ilnd:1:24-cv-04321,2,Random Shop,walmart\n"
)


def test_courtlistener_schedule_a_then_defendant_list(tiny_db: Database, tmp_path: Path) -> None:
    docket = tmp_path / "cl.json"
    docket.write_text(json.dumps({"docket": SCHEDULE_A, "parties": PARTIES}), encoding="utf-8")
    import_files(tiny_db, [docket])
    case = fetch(
        tiny_db,
        "SELECT case_kind, ip_type, plaintiff, law_firm, source, source_ref FROM cases "
        "WHERE case_id = 'ilnd:1:24-cv-04321'",
    )
    assert case == [
        (
            "schedule_a",
            "trademark",
            "Alpha Inc",
            "Greer, Burns & Crain, Ltd.",
            "courtlistener",
            SCHEDULE_A["absolute_url"],
        )
    ]
    defendants = "SELECT defendant_no, store_name FROM defendants WHERE case_id = 'ilnd:1:24-cv-04321' ORDER BY 1"
    assert len(fetch(tiny_db, defendants)) == 1  # the aggregate stays one row
    schedule = tmp_path / "schedule_a.csv"
    schedule.write_text(SCHEDULE_A_LIST, encoding="utf-8")
    import_files(tiny_db, [schedule])
    assert fetch(tiny_db, defendants) == [(1, "JiaYi Direct"), (2, "Random Shop")]
    # the docket again: the aggregate it names was replaced, so it stays out
    import_files(tiny_db, [docket])
    assert fetch(tiny_db, defendants) == [(1, "JiaYi Direct"), (2, "Random Shop")]
    # also when the docket writes its number otherwise (the same case, as PACER writes it)
    docket.write_text(
        json.dumps({"docket": {**SCHEDULE_A, "docket_number": "1:24-CV-4321-JRB"}, "parties": PARTIES}),
        encoding="utf-8",
    )
    assert import_files(tiny_db, [docket]).files[0].status == "unchanged"
    assert fetch(tiny_db, defendants) == [(1, "JiaYi Direct"), (2, "Random Shop")]
    # each import rewrote only its case's fact rows, and they equal a full rebuild's
    assert tiny_db.meta("facts_runs") == "2" and same_as_full_rebuild(tiny_db)


def test_docket_and_its_defendant_list_in_one_import(tiny_db: Database, tmp_path: Path) -> None:
    docket = tmp_path / "cl.json"
    docket.write_text(json.dumps({"docket": SCHEDULE_A, "parties": PARTIES}), encoding="utf-8")
    schedule = tmp_path / "schedule_a.csv"
    schedule.write_text(
        "case_id,defendant_no,store_name,platform\n"
        "ilnd:1:24-cv-04321,7,JiaYi Direct,amazon\n"
        "ilnd:1:24-cv-04321,8,Random Shop,walmart\n",
        encoding="utf-8",
    )
    report = import_files(tiny_db, [docket, schedule])
    defendants = (
        "SELECT defendant_no, store_name, member_id FROM defendants WHERE case_id = 'ilnd:1:24-cv-04321' ORDER BY 1"
    )
    # the aggregate row the docket wrote is gone, and nothing was matched for it
    assert fetch(tiny_db, defendants) == [(7, "JiaYi Direct", "M1"), (8, "Random Shop", None)]
    links = "SELECT defendant_no, member_id FROM member_links WHERE case_id = 'ilnd:1:24-cv-04321' ORDER BY 1"
    assert fetch(tiny_db, links) == [(7, "M1")]
    assert report.matching["auto"] == 1
    assert tiny_db.meta("facts_runs") == "1" and same_as_full_rebuild(tiny_db)


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("ORDER granting plaintiff's motion for entry of a temporary restraining order [12]", "tro"),
        ("SEALED TEMPORARY RESTRAINING ORDER. Signed by the Honorable Judge on 5/14/2024", "tro"),
        ("MOTION by Plaintiff Alpha Inc for temporary restraining order", None),
        ("MEMORANDUM by Alpha Inc in support of motion for preliminary injunction", None),
        ("PRELIMINARY INJUNCTION ORDER. Signed by the Honorable Judge on 6/11/2024", "pi"),
        ("FINAL JUDGMENT ORDER granting motion for entry of default judgment", "default_judgment"),
        ("NOTICE of Voluntary Dismissal by Alpha Inc as to defendant 17", "dismissed"),
        ("NOTICE OF MOTION AND MOTION to Dismiss for lack of personal jurisdiction", None),
        ("NOTICE by Alpha Inc of settlement as to defendants 3, 9", "settled"),
        ("MINUTE entry: settlement conference held", None),
        ("COMPLAINT filed by Alpha. [Previously dismissed case: No]", None),
        ("CIVIL Case Terminated.", "closed"),
        # N.D. Illinois' Schedule A wording (found in review: the sealed motion was taken for the
        # TRO and the minute entries granting TRO, PI and default judgment were dropped)
        ("SEALED MOTION by Plaintiff Alpha Inc for temporary restraining order [12]", None),
        ("EX PARTE MOTION by Plaintiff Alpha Inc for entry of a preliminary injunction", None),
        (
            "MINUTE entry before the Honorable John Robert Blakey: Plaintiff's motion for entry of a temporary "
            "restraining order [12] is granted. Enter Sealed Temporary Restraining Order. Mailed notice.",
            "tro",
        ),
        ("MINUTE entry before the Honorable Judge: motion for preliminary injunction [25] is granted.", "pi"),
        (
            "MINUTE entry before the Honorable Judge: Plaintiff's motion for entry of default and default "
            "judgment [55] is granted as to the defendants on Schedule A.",
            "default_judgment",
        ),
        ("MINUTE entry before the Honorable Judge: motion for preliminary injunction [25] is denied.", None),
        ("MINUTE entry before the Honorable Judge: status hearing on the TRO set for 5/20/2024.", None),
        # denials, whatever else the entry grants (found in review: each was taken for a TRO entered)
        ("ORDER denying motion for temporary restraining order.", None),
        ("ORDER: Plaintiff's ex parte motion for entry of a temporary restraining order [13] is denied.", None),
        (
            "MINUTE entry before the Honorable Jane Doe: Plaintiff's motion to seal [10] is granted. Plaintiff's "
            "motion for entry of a temporary restraining order [12] is denied. Mailed notice.",
            None,
        ),
        (
            "MINUTE entry before the Honorable Jane Doe: Plaintiff's motion for leave to file under seal [10] is "
            "granted and the motion for a temporary restraining order [12] is denied.",
            None,
        ),
        ("ORDER granting the motion to seal [10] and denying the motion for temporary restraining order [12].", None),
        ("ORDER denying motion for preliminary injunction [30].", None),
        ("ORDER: motion for preliminary injunction [30] is denied as moot.", None),
        ("ORDER: motion for entry of default judgment [50] is denied without prejudice.", None),
        ("ORDER denying motion to dismiss [30].", None),
        ("ORDER: the Court declines to enter a temporary restraining order.", None),
        # N.D. Ill.'s "entered and continued": the motion is put off, not granted (found in review)
        (
            "MINUTE entry before the Honorable Jane Doe: Plaintiff's motion for entry of a temporary "
            "restraining order [12] is entered and continued.",
            None,
        ),
        ("MINUTE entry before the Honorable Judge: motion for a preliminary injunction [25] is entered and continued.",
         None),
        (
            "MINUTE entry before the Honorable Judge: motion for entry of default and default judgment [40] is "
            "entered and continued to 1/5/2027.",
            None,
        ),
        # a dismissal or termination a minute entry states
        (
            "MINUTE entry: Pursuant to the notice of voluntary dismissal [22], Defendant No. 2 is dismissed.",
            "dismissed",
        ),
        ("MINUTE entry before the Honorable Judge: Civil case terminated.", "closed"),
        (  # njd:2:23-cv-01194, a real docket
            "Amended Minute Entry for proceedings held before Magistrate Judge Jose R. Almonte. A status conference "
            "was held on October 30, 2023. At the conference, the Court encouraged the parties to engage in "
            "settlement discussions prior to the next status conference.",
            None,
        ),
    ],
)
def test_milestones_from_entry_text(text: str, kind: str | None) -> None:
    assert milestone_of(text) == kind


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        # a milestone granted in part is entered; a motion denied in a minute entry never was one
        ("ORDER granting in part and denying in part motion for temporary restraining order [12].", "tro"),
        ("MINUTE entry: motion for temporary restraining order [12] is granted in part and denied in part.", "tro"),
        ("MINUTE entry: the Court grants in part motion for temporary restraining order [12].", "tro"),
        ("MINUTE entry: motion for preliminary injunction [30] is withdrawn.", None),
        ("MINUTE entry: motion for default judgment [50] is stricken.", None),
        (  # cacd:2:06-cv-00350, a real docket: the court denies the stipulation of dismissal
            'MINUTES: The court is in receipt of the lodged "Stipulation and Proposed Order for Dismissal as to the '
            "Entire Action Pursuant to FRCP 41(a)(1). The court DENIES the lodged stipulation without prejudice to "
            "refile a second stipulation consistent with this order.",
            None,
        ),
        (  # the same docket, three weeks later
            "STIPULATION AND ORDER for voluntary dismissal of the entire action pursuant to FRCP 41(a)(1) by Judge "
            "S. James Otero :(bp, ) (Entered: 08/30/2006)",
            "dismissed",
        ),
        (  # txnd:3:11-cv-00002, a real docket: severing is no ending
            "ORDER SEVERING DOES 2-109: All defendants except Doe 1 are SEVERED from this action",
            None,
        ),
    ],
)
def test_milestones_the_denial_rule_leaves_as_they_were(text: str, kind: str | None) -> None:
    assert milestone_of(text) == kind


@pytest.mark.parametrize(
    ("nature", "text", "ip_type"),
    [
        ("820 Copyright", "", "copyright"),
        ("830 Patent", "35:271 Patent Infringement", "utility_patent"),
        ("830 Patent", "infringement of U.S. Design Patent No. D912,345", "design_patent"),
        ("835 Patent - Abbreviated New Drug Application(ANDA)", "", "utility_patent"),
        ("840 Trademark", "", "trademark"),
        ("441 Civil Rights: Voting", "", "other"),
        ("", "", "other"),
    ],
)
def test_nature_of_suit_to_ip_type(nature: str, text: str, ip_type: str) -> None:
    assert ip_type_of(nature, text) == ip_type


def test_a_docket_again_keeps_what_the_analyst_set(tiny_db: Database, tmp_path: Path) -> None:
    """Importing a docket again must not wipe a law firm it does not name, nor overwrite the brand
    and case kind an analyst corrected (the docket only guesses them; found in review)."""
    docket = tmp_path / "cl.json"
    no_attorney = {**PARTIES, "results": [{**PARTIES["results"][0], "attorneys": []}, PARTIES["results"][1]]}
    docket.write_text(json.dumps({"docket": SCHEDULE_A, "parties": no_attorney}), encoding="utf-8")
    import_files(tiny_db, [docket])
    query = "SELECT brand, law_firm, case_kind, case_name FROM cases WHERE case_id = 'ilnd:1:24-cv-04321'"
    assert fetch(tiny_db, query) == [("Alpha Inc", None, "schedule_a", SCHEDULE_A["case_name"])]
    fix = tmp_path / "fix.csv"
    fix.write_text(
        "case_id,filed_on,ip_type,case_kind,brand,law_firm\n"
        "ilnd:1:24-cv-04321,2024-05-02,trademark,individual,Alpha,Keith Vogt Ltd\n",
        encoding="utf-8",
    )
    import_files(tiny_db, [fix])
    renamed = {**SCHEDULE_A, "case_name": "Alpha Inc v. Schedule A Defendants"}
    docket.write_text(json.dumps({"docket": renamed, "parties": no_attorney}), encoding="utf-8")
    import_files(tiny_db, [docket])
    # the court's own facts follow the docket; the analyst's brand, firm and kind stay
    assert fetch(tiny_db, query) == [("Alpha", "Keith Vogt Ltd", "individual", "Alpha Inc v. Schedule A Defendants")]


def test_a_docket_after_its_defendant_list_adds_no_aggregate(tiny_db: Database, tmp_path: Path) -> None:
    """List first, docket second: the docket's "Schedule A" party is what the list already names,
    so it is not added beside the stores (it was, as one more defendant; found in review)."""
    cases = tmp_path / "case.csv"
    cases.write_text("case_id,filed_on,ip_type,case_kind\nilnd:1:24-cv-04321,2024-05-02,trademark,schedule_a\n")
    schedule = tmp_path / "schedule_a.csv"
    schedule.write_text(SCHEDULE_A_LIST, encoding="utf-8")
    import_files(tiny_db, [cases, schedule])
    docket = tmp_path / "cl.json"
    docket.write_text(json.dumps({"docket": SCHEDULE_A, "parties": PARTIES}), encoding="utf-8")
    import_files(tiny_db, [docket])
    defendants = "SELECT defendant_no, store_name FROM defendants WHERE case_id = 'ilnd:1:24-cv-04321' ORDER BY 1"
    assert fetch(tiny_db, defendants) == [(1, "JiaYi Direct"), (2, "Random Shop")]
    assert fetch(tiny_db, "SELECT plaintiff FROM cases WHERE case_id = 'ilnd:1:24-cv-04321'") == [("Alpha Inc",)]
    # and the docket alone still writes its aggregate (one row until a list comes)
    docket.write_text(
        json.dumps({"docket": {**SCHEDULE_A, "docket_number": "1:24-cv-04322"}, "parties": PARTIES}), encoding="utf-8"
    )
    import_files(tiny_db, [docket])
    aggregate = "SELECT count(*) FROM defendants WHERE case_id = 'ilnd:1:24-cv-04322'"
    assert fetch(tiny_db, aggregate) == [(1,)]


@pytest.mark.parametrize("court", ["cand", "casd", "flmd", "gand", "txsd", "vaed", "nvd", "ohnd"])
def test_dockets_of_more_federal_courts(tiny_db: Database, tmp_path: Path, court: str) -> None:
    """Courts that hear e-commerce IP suits besides the Schedule A venues (N.D. California was
    refused as unknown; found in review)."""
    docket = tmp_path / "cl.json"
    docket.write_text(json.dumps({"docket": {**SCHEDULE_A, "court_id": court.upper()}, "parties": PARTIES}))
    import_files(tiny_db, [docket])
    stored = fetch(tiny_db, f"SELECT court, country FROM cases WHERE case_id = '{court}:1:24-cv-04321'")
    assert stored == [(court, "US")]


def test_a_bad_docket_date_is_reported_as_written(tiny_db: Database, tmp_path: Path) -> None:
    docket = tmp_path / "cl.json"
    docket.write_text(json.dumps({"docket": {**SCHEDULE_A, "date_filed": "June 3, 2024"}, "parties": PARTIES}))
    with pytest.raises(ImportRejected) as raised:
        import_files(tiny_db, [docket])
    assert [(e.column, e.value, e.reason) for e in raised.value.report.errors] == [
        ("filed_on", "June 3, 2024", "bad_date")  # it was cut to "June 3, 20" (found in review)
    ]


def test_an_entry_without_a_filing_date_falls_back_to_its_entered_date_or_is_reported(
    tiny_db: Database, tmp_path: Path
) -> None:
    """A milestone entry with no date_filed was dropped without a word. juriscraper's PACER entries
    carry date_entered too (245 of the 267 entries of the real dockets): that date is taken; an
    entry with neither is named in the report, and the rest of the docket is imported."""
    entries = [
        {"date_filed": None, "date_entered": "2024-05-06", "description": "SEALED TEMPORARY RESTRAINING ORDER"},
        {"date_filed": "", "document_number": "31", "description": "MINUTE entry: Defendant No. 2 is dismissed."},
        {"date_filed": "2024-06-10", "description": "PRELIMINARY INJUNCTION ORDER"},
    ]
    docket = tmp_path / "pacer.json"
    docket.write_text(json.dumps({"docket": {**SCHEDULE_A, "docket_entries": entries}, "parties": PARTIES}))
    report = import_files(tiny_db, [docket], lang="en")
    events = "SELECT CAST(event_on AS VARCHAR), kind FROM events WHERE case_id = 'ilnd:1:24-cv-04321' ORDER BY 1"
    assert fetch(tiny_db, events) == [("2024-05-02", "filed"), ("2024-05-06", "tro"), ("2024-06-10", "pi")]
    assert report.committed and report.files[0].undated_entries == ["#31 MINUTE entry: Defendant No. 2 is dismissed."]
    lines = report.lines("en")
    assert any("no date" in line and "#31 MINUTE entry" in line for line in lines), lines
    assert any("#31" in line for line in report.lines("zh"))
    logged = fetch(tiny_db, "SELECT message FROM imports ORDER BY import_id DESC LIMIT 1")[0][0]
    assert "#31" in logged


def _individual_docket(*defendants: str) -> dict[str, object]:
    """SCHEDULE_A's docket as an individual case against ``defendants`` by name."""
    parties = [PARTIES["results"][0]] + [
        {"name": name, "party_types": [{"name": "Defendant", "docket": 68000001}], "attorneys": []}
        for name in defendants
    ]
    return {"docket": {**SCHEDULE_A, "case_name": "Alpha Inc v. Jiayi"}, "parties": {"results": parties}}


def test_a_docket_again_drops_a_party_it_no_longer_names(tiny_db: Database, tmp_path: Path) -> None:
    """The party list is the docket's current one: "Jiayi Direkt" corrected to "JiaYi Direct" goes,
    with its link, and the corrected name is matched to M1 (before, both stayed, and M1 was told of
    a store it does not run). A party a defendant list has named since stays, as does everything
    when the docket comes with no defendant party at all (a parties page not fetched)."""
    docket = tmp_path / "cl.json"
    defendants = "SELECT defendant_no, store_name FROM defendants WHERE case_id = 'ilnd:1:24-cv-04321' ORDER BY 1"
    links = "SELECT defendant_no, member_id FROM member_links WHERE case_id = 'ilnd:1:24-cv-04321' ORDER BY 1"
    docket.write_text(json.dumps(_individual_docket("Jiayi Direkt", "Random Shop", "Bingding Fashion")))
    import_files(tiny_db, [docket])
    assert fetch(tiny_db, defendants) == [(1, "Jiayi Direkt"), (2, "Random Shop"), (3, "Bingding Fashion")]
    # a list that names defendant 2 makes it the list's
    listing = tmp_path / "list.csv"
    listing.write_text("case_id,defendant_no,store_name\nilnd:1:24-cv-04321,2,Random Shop\n", encoding="utf-8")
    import_files(tiny_db, [listing])
    # the court corrects the first party's name and no longer names the other two (the next free
    # number is 3 again: the dropped party's entries and links went with it)
    docket.write_text(json.dumps(_individual_docket("JiaYi Direct")))
    import_files(tiny_db, [docket])
    assert fetch(tiny_db, defendants) == [(2, "Random Shop"), (3, "JiaYi Direct")]
    assert (3, "M1") in fetch(tiny_db, links) and all(no != 1 for no, _ in fetch(tiny_db, links))
    # the same docket again changes nothing; a docket without defendant parties drops no one
    assert import_files(tiny_db, [docket]).files[0].status == "unchanged"
    docket.write_text(json.dumps(_individual_docket()))
    import_files(tiny_db, [docket])
    assert fetch(tiny_db, defendants) == [(2, "Random Shop"), (3, "JiaYi Direct")]
    assert same_as_full_rebuild(tiny_db)


def test_a_docket_whose_date_of_termination_is_cleared_reopens_its_case(tiny_db: Database, tmp_path: Path) -> None:
    """CourtListener clears date_terminated when a case is reopened: the case was kept closed (a
    value the docket does not give leaves the stored one, and null was taken for not given), with
    its "Case terminated" event, so its matters stayed ended and the feed stopped following it."""
    docket = tmp_path / "cl.json"
    case = "SELECT closed_on FROM cases WHERE case_id = 'ilnd:1:24-cv-04321'"
    closed = "SELECT event_on, detail FROM events WHERE case_id = 'ilnd:1:24-cv-04321' AND kind = 'closed'"
    facts = "SELECT DISTINCT closed_on FROM defendant_facts WHERE case_id = 'ilnd:1:24-cv-04321'"

    def load(**changes: object) -> list[str]:
        docket.write_text(json.dumps({"docket": {**SCHEDULE_A, **changes}, "parties": PARTIES}), encoding="utf-8")
        return [f.status for f in import_files(tiny_db, [docket]).files]

    load(date_terminated="2024-05-28")
    assert fetch(tiny_db, case) == fetch(tiny_db, facts) == [(dt.date(2024, 5, 28),)]
    assert fetch(tiny_db, closed) == [(dt.date(2024, 5, 28), "Case terminated")]
    assert load(date_terminated=None) == ["ok"]
    assert fetch(tiny_db, case) == fetch(tiny_db, facts) == [(None,)]
    assert fetch(tiny_db, closed) == []
    # a docket that does not state the date at all (no such key) leaves the stored one
    load(date_terminated="2024-06-03")
    without = {key: value for key, value in SCHEDULE_A.items() if key != "date_terminated"}
    docket.write_text(json.dumps({"docket": without, "parties": PARTIES}), encoding="utf-8")
    assert [f.status for f in import_files(tiny_db, [docket]).files] == ["unchanged"]
    assert fetch(tiny_db, case) == [(dt.date(2024, 6, 3),)]
