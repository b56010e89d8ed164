"""The derived layer after a write confined to some cases: only their fact rows are rewritten
(queries/facts/refresh.sql), with the same content a full rebuild gives and keys that still stand
for one case / member each. Worked on the tiny fixture: 5 cases, keys in filing order
nysd:1:23-cv-00009 = 1, ilnd ...00001 = 2, ...00002 = 3, flsd ...00003 = 4, ilnd ...00005 = 5
(no defendants listed: one row with NULL defendant columns); members M1..M4 = keys 1..4."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import duckdb
import pytest

from casewatch import facts
from casewatch.db import Database
from casewatch.facts import bump_data_version
from casewatch.ingest import import_files
from tests.support.databases import fetch

ALL_BUT_KEYS = "SELECT * EXCLUDE (case_key, member_key) FROM defendant_facts ORDER BY ALL"
# the monthly cells, their member bitmaps by count and width (keys of new members may differ)
CELLS = ("SELECT * EXCLUDE (member_keys), bit_count(member_keys) AS members, bit_length(member_keys) AS width"
         " FROM fact_cells ORDER BY ALL")
HEADER = "case_id,defendant_no,store_name,platform,seller_id,member_id,city_code,outcome\n"


def facts_runs(db: Database) -> str | None:
    return db.meta("facts_runs")


def case_keys(db: Database) -> dict[str, int]:
    rows = db.sql("SELECT DISTINCT case_id, case_key FROM defendant_facts").itertuples(index=False)
    return {str(case_id): int(key) for case_id, key in rows}


def member_keys(db: Database) -> dict[str, int]:
    frame = db.sql("SELECT DISTINCT member_id, member_key FROM defendant_facts WHERE member_id IS NOT NULL")
    return {str(member): int(key) for member, key in frame.itertuples(index=False)}


def same_as_full_rebuild(db: Database) -> bool:
    """The facts and the monthly cells equal, row for row (keys aside), what a full rebuild of the
    same data gives."""
    cur = db.cursor()
    try:
        refreshed = cur.execute(ALL_BUT_KEYS).fetchall(), cur.execute(CELLS).fetchall()
        cur.execute("BEGIN")
        bump_data_version(cur)
        rebuilt = cur.execute(ALL_BUT_KEYS).fetchall(), cur.execute(CELLS).fetchall()
        cur.execute("ROLLBACK")
    finally:
        cur.close()
    return refreshed == rebuilt


def touch(con: duckdb.DuckDBPyConnection, *case_ids: str) -> None:
    con.execute("CREATE OR REPLACE TEMP TABLE facts_touched (case_id VARCHAR)")
    con.executemany("INSERT INTO facts_touched VALUES (?)", [[c] for c in case_ids])


def test_import_into_one_case_rewrites_only_its_rows(tiny_db: Database, tmp_path: Path) -> None:
    listing = tmp_path / "list.csv"
    listing.write_text(
        HEADER + "ilnd:1:24-cv-00005,1,BingDing Fashion,amazon,A2BINGDING02,M2,440100,pending\n"
        "ilnd:1:24-cv-00005,2,Nobody Shop,temu,T777,,,pending\n",
        encoding="utf-8",
    )
    before = case_keys(tiny_db)
    import_files(tiny_db, [listing])
    assert facts_runs(tiny_db) == "1"  # one case of five touched: refreshed, not rebuilt
    assert case_keys(tiny_db) == before  # ...00005 keeps key 5
    rows = fetch(
        tiny_db,
        "SELECT defendant_no, member_id, member_key, case_key FROM defendant_facts "
        "WHERE case_id = 'ilnd:1:24-cv-00005' ORDER BY defendant_no",
    )
    assert rows == [(1, "M2", 2, 5), (2, None, None, 5)]  # the placeholder row is gone
    assert tiny_db.sql("SELECT count(*) FROM defendant_facts").iat[0, 0] == 10  # 8 listed + 2
    assert same_as_full_rebuild(tiny_db)


def test_new_case_and_member_get_the_next_free_keys(tiny_db: Database) -> None:
    with tiny_db.write() as con:
        # filed before every other case: a full rebuild would number it 1
        con.execute(
            "INSERT INTO cases (case_id, court, country, docket_number, filed_on, ip_type, case_kind) "
            "VALUES ('ilnd:1:22-cv-00001', 'ilnd', 'US', '1:22-cv-00001', DATE '2022-01-03', 'trademark', 'schedule_a')"
        )
        con.execute(
            "INSERT INTO defendants (case_id, defendant_no, store_name, member_id) "
            "VALUES ('ilnd:1:22-cv-00001', 1, 'Unregistered Shop', 'M9')"
        )
        touch(con, "ilnd:1:22-cv-00001")
        bump_data_version(con, only_touched=True)
    assert facts_runs(tiny_db) == "1"
    keys = case_keys(tiny_db)
    assert keys["ilnd:1:22-cv-00001"] == 6 and keys["nysd:1:23-cv-00009"] == 1
    assert member_keys(tiny_db) == {"M1": 1, "M2": 2, "M3": 3, "M4": 4, "M9": 5}
    assert same_as_full_rebuild(tiny_db)


def test_many_touched_cases_rebuild_the_whole_table(tiny_db: Database) -> None:
    with tiny_db.write() as con:
        con.execute("UPDATE cases SET filed_on = DATE '2022-06-01' WHERE case_id = 'ilnd:1:24-cv-00005'")
        touch(con, "ilnd:1:24-cv-00005", "ilnd:1:24-cv-00002")  # 2 of 5 > a quarter
        bump_data_version(con, only_touched=True)
    assert facts_runs(tiny_db) == "0"
    assert case_keys(tiny_db)["ilnd:1:24-cv-00005"] == 1  # renumbered in filing order


def test_runs_pile_up_to_a_full_rebuild(tiny_db: Database, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(facts, "MAX_FACT_RUNS", 2)
    seen = []
    for outcome in ("settled", "dismissed", "pending"):
        with tiny_db.write() as con:
            con.execute("UPDATE defendants SET outcome = $o WHERE case_id = 'flsd:0:24-cv-00003'", {"o": outcome})
            touch(con, "flsd:0:24-cv-00003")
            bump_data_version(con, only_touched=True)
        seen.append(facts_runs(tiny_db))
        stored = fetch(tiny_db, "SELECT outcome FROM defendant_facts WHERE case_id = 'flsd:0:24-cv-00003'")
        assert stored == [(outcome,)]
    assert seen == ["1", "2", "0"]


def test_member_register_import_rebuilds_everything(tiny_db: Database, tmp_path: Path) -> None:
    register = tmp_path / "members.csv"
    register.write_text(
        "member_id,name_zh,name_en,city_code,district,sector_code\n"
        "M2,广州市丙丁服饰有限公司,Guangzhou Bingding Apparel Co. Ltd.,440300,440307,S0101\n",
        encoding="utf-8",
    )
    import_files(tiny_db, [register])
    assert facts_runs(tiny_db) == "0"
    assert same_as_full_rebuild(tiny_db)


def test_an_events_only_import_rewrites_its_cases_fact_rows_only(tiny_db: Database, tmp_path: Path) -> None:
    # events date the fact rows' milestones (pi_on ...): the case they name is refreshed, no other
    events = tmp_path / "events.csv"
    events.write_text(
        "case_id,event_on,kind,defendant_no,detail\nilnd:1:24-cv-00001,2024-02-05,pi,,PI (earlier)\n",
        encoding="utf-8",
    )
    others = "SELECT * FROM defendant_facts WHERE case_id <> 'ilnd:1:24-cv-00001' ORDER BY ALL"
    before = fetch(tiny_db, others)
    version = tiny_db.data_version()
    import_files(tiny_db, [events])
    assert tiny_db.data_version() == version + 1
    assert facts_runs(tiny_db) == "1"
    assert fetch(tiny_db, others) == before
    assert fetch(tiny_db, "SELECT DISTINCT pi_on FROM defendant_facts WHERE case_id = 'ilnd:1:24-cv-00001'") == [
        (dt.date(2024, 2, 5),)
    ]
    assert same_as_full_rebuild(tiny_db)


def test_cells_of_the_touched_months_follow_a_refresh(tiny_db: Database, tmp_path: Path) -> None:
    # ilnd ...00005 (filed 2024-03-01, copyright, alone in its month) had no defendant listed: its
    # (month, IP type) cell held 1 case, 0 defendants and no member; one defendant of M2 arrives
    march = (
        "SELECT cases, defendant_instances, bit_count(member_keys), bit_length(member_keys) FROM fact_cells"
        " WHERE level = 15 AND month = DATE '2024-03-01' AND ip_type = 'copyright'"
    )
    assert fetch(tiny_db, march) == [(1, 0, None, None)]
    listing = tmp_path / "list.csv"
    listing.write_text(HEADER + "ilnd:1:24-cv-00005,1,BingDing Fashion,amazon,A2BINGDING02,M2,440100,pending\n",
                       encoding="utf-8")
    import_files(tiny_db, [listing])
    assert facts_runs(tiny_db) == "1"
    assert fetch(tiny_db, march) == [(1, 1, 1, 512)]
    # its city cell (level 13: month, IP type, city) appears with the same counts
    assert fetch(tiny_db, "SELECT city_code, cases, defendant_instances FROM fact_cells WHERE level = 13"
                          " AND month = DATE '2024-03-01'") == [("440100", 1, 1)]
    assert tiny_db.meta("fact_cells_width") == "512"
    assert same_as_full_rebuild(tiny_db)


def test_a_refresh_that_widens_the_member_bitmaps_rewrites_every_cell(tiny_db: Database, tmp_path: Path) -> None:
    # 600 members registered (a full rebuild: no defendant carries them yet, so the bitmaps keep 512
    # bits), then listed in one case: their keys 5..604 need 1,024 bits
    register = tmp_path / "members.csv"
    register.write_text(
        "member_id,name_zh,name_en,city_code,district,sector_code\n"
        + "".join(f"X{n:04d},会员{n},Member {n},440300,440307,S0101\n" for n in range(1, 601)),
        encoding="utf-8",
    )
    import_files(tiny_db, [register])
    assert facts_runs(tiny_db) == "0"
    assert tiny_db.meta("fact_cells_width") == "512"
    listing = tmp_path / "list.csv"
    rows = "".join(f"ilnd:1:24-cv-00005,{n},Shop {n},amazon,S{n:04d},X{n:04d},440300,pending\n" for n in range(1, 601))
    listing.write_text(HEADER + rows, encoding="utf-8")
    import_files(tiny_db, [listing])
    assert facts_runs(tiny_db) == "1"  # refreshed, not rebuilt
    assert tiny_db.meta("fact_cells_width") == "1024"
    assert fetch(tiny_db, "SELECT DISTINCT bit_length(member_keys) FROM fact_cells WHERE member_keys IS NOT NULL") == [
        (1024,)
    ]
    assert same_as_full_rebuild(tiny_db)


def test_a_case_moved_to_another_month_leaves_its_old_months_cells(tiny_db: Database, tmp_path: Path) -> None:
    # flsd ...00003 (2024-02-20, trademark, 1 defendant) moves to 2024-01-25 and becomes a copyright
    # case: February's trademark cell loses it (it was alone there), January gains a copyright cell
    def month_cells() -> list[tuple[object, ...]]:
        return fetch(
            tiny_db,
            "SELECT month, ip_type, cases, defendant_instances FROM fact_cells WHERE level = 15"
            " AND month < DATE '2024-03-01' ORDER BY ALL",
        )

    assert month_cells() == [
        (dt.date(2023, 12, 1), "design_patent", 1, 2),
        (dt.date(2024, 1, 1), "trademark", 1, 3),
        (dt.date(2024, 2, 1), "copyright", 1, 2),
        (dt.date(2024, 2, 1), "trademark", 1, 1),
    ]
    moved = tmp_path / "cases.csv"
    moved.write_text("case_id,filed_on,ip_type,case_kind\nflsd:0:24-cv-00003,2024-01-25,copyright,schedule_a\n",
                     encoding="utf-8")
    import_files(tiny_db, [moved], kind="cases")
    assert facts_runs(tiny_db) == "1"  # one case touched: refreshed
    assert month_cells() == [
        (dt.date(2023, 12, 1), "design_patent", 1, 2),
        (dt.date(2024, 1, 1), "copyright", 1, 1),
        (dt.date(2024, 1, 1), "trademark", 1, 3),
        (dt.date(2024, 2, 1), "copyright", 1, 2),
    ]
    assert same_as_full_rebuild(tiny_db)
