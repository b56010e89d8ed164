"""Imports of what spreadsheets really hold: a US federal docket number spelled several ways,
Unicode spaces at the edges of a cell (found in the intake review)."""

from __future__ import annotations

from pathlib import Path

import pytest

from casewatch.db import Database
from casewatch.ingest import import_files
from tests.support.databases import empty_database

HEADER = "court,docket_number,filed_on,ip_type,case_kind,plaintiff\n"


@pytest.fixture
def empty_db(tmp_path: Path) -> Database:
    return empty_database(tmp_path / "empty.duckdb")


def cases(db: Database) -> list[tuple[object, ...]]:
    cursor = db.cursor()
    try:
        return cursor.execute("SELECT case_id, docket_number, plaintiff FROM cases ORDER BY ALL").fetchall()
    finally:
        cursor.close()


@pytest.mark.parametrize(
    "spelling",
    [
        "1:26cv19001",
        "1:2026-cv-19001",
        "1:26 cv 19001",
        "No. 1:26-cv-19001",
        "1:26-cv-019001",
        "1:26-cv-19001 (N.D. Ill.)",
        "1:26-cv-19001-ABC",
        "1:26-cv-19001-JRB-MBN",
        "1:26\u00a0cv\u2009-19001",
        "1:26-cv-19001\u200b",
        "\u20601:26-cv-\u202f19001\ufeff",
        "1:26–cv–19001",
    ],
)
def test_a_federal_docket_number_spelled_otherwise_names_the_stored_case(
    empty_db: Database, tmp_path: Path, spelling: str
) -> None:
    """Each spelling of PACER's 1:26-cv-19001 is that case (each was a second case)."""
    source = tmp_path / "cases.csv"
    source.write_text(HEADER + "ilnd,1:26-cv-19001,2026-01-05,trademark,schedule_a,Alpha\n", encoding="utf-8")
    import_files(empty_db, [source])
    source.write_text(HEADER + f'ilnd,"{spelling}",2026-01-05,trademark,schedule_a,Beta\n', encoding="utf-8")
    import_files(empty_db, [source])
    assert cases(empty_db) == [("ilnd:1:26-cv-19001", "1:26-cv-19001", "Beta")]


def test_spelled_otherwise_in_a_new_file_it_is_stored_as_pacer_writes_it(empty_db: Database, tmp_path: Path) -> None:
    source = tmp_path / "cases.csv"
    source.write_text(
        HEADER
        + "ilnd,No. 1:2026 CV 7,2026-01-05,trademark,other,A\n"
        + "ilnd,1:26-cv-0019002,2026-01-05,trademark,other,B\n"
        + "ilnd,1:26-cv-123456 (N.D. Ill.),2026-01-05,trademark,other,C\n",
        encoding="utf-8",
    )
    import_files(empty_db, [source])
    assert cases(empty_db) == [
        ("ilnd:1:26-cv-00007", "1:26-cv-00007", "A"),
        ("ilnd:1:26-cv-123456", "1:26-cv-123456", "C"),
        ("ilnd:1:26-cv-19002", "1:26-cv-19002", "B"),
    ]


def test_numbers_that_are_no_federal_number_stay_as_written(empty_db: Database, tmp_path: Path) -> None:
    source = tmp_path / "cases.csv"
    source.write_text(
        HEADER + "cbp,No. 2025-4601-000016,2025-01-02,trademark,other,C\nilnd,1:26-cv,2026-01-05,trademark,other,D\n",
        encoding="utf-8",
    )
    import_files(empty_db, [source])
    assert cases(empty_db) == [
        ("cbp:No. 2025-4601-000016", "No. 2025-4601-000016", "C"),
        ("ilnd:1:26-cv", "1:26-cv", "D"),
    ]


def test_a_number_stored_with_a_leading_zero_too_many_is_found(empty_db: Database, tmp_path: Path) -> None:
    """Imports before this fix kept 1:26-cv-019001 as written: the file's 1:26-cv-19001 is that case."""
    with empty_db.write() as con:
        con.execute(
            "INSERT INTO cases (case_id, court, country, docket_number, filed_on, ip_type, case_kind) VALUES "
            "('ilnd:1:26-cv-019001', 'ilnd', 'US', '1:26-cv-019001', DATE '2026-01-05', 'trademark', 'other')"
        )
    source = tmp_path / "cases.csv"
    source.write_text(HEADER + "ilnd,1:26-cv-19001,2026-01-05,trademark,other,Acme\n", encoding="utf-8")
    import_files(empty_db, [source])
    assert cases(empty_db) == [("ilnd:1:26-cv-019001", "1:26-cv-019001", "Acme")]


# every Unicode space and zero-width character a cell may carry at its ends
EDGES = ["\u00a0", "\u2002", "\u2009", "\u200a", "\u200b", "\u202f", "\u205f", "\u3000", "\ufeff", "\u2060", "\t"]


@pytest.mark.parametrize("edge", EDGES)
def test_unicode_spaces_at_the_ends_of_every_cell_are_trimmed(empty_db: Database, tmp_path: Path, edge: str) -> None:
    """A no-break space (copied from a web page) around a name, a court, a date or an amount is no
    part of it: "ilnd\\u00a0" was an unknown court, " Alpha Inc " kept its spaces (review p19)."""
    e = edge
    cases_file = tmp_path / "cases.csv"
    cases_file.write_text(
        HEADER + f"{e}ilnd{e},{e}1:26-cv-19001{e},{e}2026-01-05{e},{e}trademark{e},schedule_a{e},{e}Alpha Inc{e}\n",
        encoding="utf-8",
    )
    listing = tmp_path / "defendants.csv"
    listing.write_text(
        "case_id,defendant_no,store_name,platform,seller_id,frozen_usd,city_code\n"
        f'{e}ilnd:1:26-cv-19001,1{e},{e}Shop{e},{e}amazon{e},{e}S1{e},"{e}1,234{e}",{e}深圳{e}\n',
        encoding="utf-8",
    )
    members = tmp_path / "members.csv"
    members.write_text(f"member_id,name_en,aliases\n{e}M9{e},{e}Nine Co{e},{e}Nine{e}；{e}九号{e}\n", encoding="utf-8")
    import_files(empty_db, [cases_file, listing, members])
    cursor = empty_db.cursor()
    try:
        assert cases(empty_db) == [("ilnd:1:26-cv-19001", "1:26-cv-19001", "Alpha Inc")]
        assert cursor.execute(
            "SELECT defendant_no, store_name, platform, seller_id, frozen_usd, city_code FROM defendants"
        ).fetchall() == [(1, "Shop", "amazon", "S1", 1234.0, "440300")]
        assert cursor.execute("SELECT member_id, name_en FROM members").fetchall() == [("M9", "Nine Co")]
        stores = cursor.execute("SELECT store_name FROM member_stores WHERE member_id = 'M9' ORDER BY 1").fetchall()
        assert stores == [("Nine",), ("九号",)]
    finally:
        cursor.close()


@pytest.mark.parametrize(
    ("court", "case_id"),
    [
        ("N.D. Ill.", "ilnd:1:26-cv-19001"),
        ("n.d.ill.", "ilnd:1:26-cv-19001"),
        ("D.N.J.", "njd:1:26-cv-19001"),
        ("D. Del.", "ded:1:26-cv-19001"),
        ("S.D. Fla.", "flsd:1:26-cv-19001"),
        ("E.D. Tex.", "txed:1:26-cv-19001"),
    ],
)
def test_a_district_court_as_the_bluebook_abbreviates_it_is_known(
    empty_db: Database, tmp_path: Path, court: str, case_id: str
) -> None:
    """Captions and citations name a court "N.D. Ill."; it was refused as an unknown court (only
    "ilnd", "N.D. Illinois" and the Chinese name were known)."""
    path = tmp_path / "cases.csv"
    path.write_text(HEADER + f"{court},1:26-cv-19001,2026-01-05,trademark,schedule_a,Alpha Inc\n", encoding="utf-8")
    import_files(empty_db, [path])
    assert cases(empty_db) == [(case_id, "1:26-cv-19001", "Alpha Inc")]
