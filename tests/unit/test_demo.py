"""The demo generator: determinism, validity against the reference data, realistic shape, and the
planted truth (waves, cohorts) actually present in cases and defendants.

Builds are small (scale 0.05, data through October 2026) so the module runs in a few seconds.
SQL here is test-only inspection of the generated database.
"""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from casewatch.__main__ import main
from casewatch.db import Database
from casewatch.demo import N_COHORTS, N_WAVES, DemoData, DemoSummary, build_demo, earliest_until, generate
from casewatch.demo.calibration import COURTS, KINDS
from casewatch.demo.reference import read_reference
from casewatch.sql import ROOT

SCALE = 0.05
UNTIL = dt.date(2026, 11, 1)
LAST_MONTH = dt.date(2026, 10, 1)
CUTOFF = dt.date(2026, 10, 31)
TABLES = ("members", "member_stores", "cases", "defendants", "events", "demo_truth",
          "demo_truth_cases", "defendant_facts")


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> dict[str, tuple[str, DemoSummary]]:
    """Four small builds: seed 7 twice, seed 8, and seed 7 without planted truth."""
    folder = tmp_path_factory.mktemp("demo")
    out: dict[str, tuple[str, DemoSummary]] = {}
    for name, seed, plant in (("a", 7, True), ("b", 7, True), ("other_seed", 8, True),
                              ("unplanted", 7, False)):
        path = str(folder / f"{name}.duckdb")
        out[name] = (path, build_demo(path, seed=seed, scale=SCALE, plant=plant, until=UNTIL))
    summary = out["a"][1]
    print(f"\ndemo build at scale {SCALE}: {summary.seconds:.2f} s, {summary.cases} cases, "
          f"{summary.defendants} defendants, {summary.events} events")
    return out


@pytest.fixture(scope="module")
def db(built: dict[str, tuple[str, DemoSummary]]) -> Iterator[Database]:
    database = Database(built["a"][0], read_only=True)
    yield database
    database.close()


def rows(db: Database, sql: str, params: dict[str, Any] | None = None) -> list[tuple[Any, ...]]:
    cur = db.cursor()
    try:
        return cur.execute(sql, params or {}).fetchall()
    finally:
        cur.close()


def one(db: Database, sql: str, params: dict[str, Any] | None = None) -> Any:
    return rows(db, sql, params)[0][0]


def table_contents(path: str) -> dict[str, list[tuple[Any, ...]]]:
    with Database(path, read_only=True) as database:
        contents = {t: rows(database, f"SELECT * FROM {t} ORDER BY ALL") for t in TABLES}
        contents["meta"] = rows(database, "SELECT * FROM meta WHERE key <> 'data_updated_at' ORDER BY ALL")
    return contents


def test_same_seed_gives_identical_tables(built: dict[str, tuple[str, DemoSummary]]) -> None:
    first, second = table_contents(built["a"][0]), table_contents(built["b"][0])
    for table in first:
        assert first[table] == second[table], table
    assert all(first[t] for t in TABLES)


def test_identical_in_a_fresh_process_with_another_hash_seed(
        built: dict[str, tuple[str, DemoSummary]], tmp_path: Path) -> None:
    path = tmp_path / "fresh.duckdb"
    code = ("import datetime as dt, sys; from casewatch.demo import build_demo; "
            f"build_demo(sys.argv[1], seed=7, scale={SCALE}, until=dt.date(2026, 11, 1))")
    env = {**os.environ, "PYTHONHASHSEED": "12345"}
    subprocess.run([sys.executable, "-c", code, str(path)], cwd=ROOT, env=env, check=True)
    assert table_contents(str(path)) == table_contents(built["a"][0])


def test_generate_returns_frozen_data_whose_parts_agree(tmp_path: Path) -> None:
    with Database(str(tmp_path / "reference.duckdb")) as database:
        reference = read_reference(database)
    data = generate(np.random.default_rng(7), reference, SCALE, True, LAST_MONTH)
    assert isinstance(data, DemoData)
    with pytest.raises(AttributeError):
        data.truth = []  # type: ignore[misc]
    n_cases = len(data.cases.brand)
    assert len(data.dockets.seq_year) == len(data.outcomes.closed) == len(data.defendants.first_store) == n_cases
    assert len(data.defendants.case) == len(data.outcomes.outcome) > n_cases
    planted = np.array(sorted({case for _, case in data.truth_cases}))
    assert planted.min() >= 0 and planted.max() < n_cases
    # planted cases are Schedule A suits in Illinois (most) or Florida
    assert {KINDS[k] for k in data.cases.kind[planted]} == {"schedule_a"}
    assert {COURTS[c] for c in data.cases.court[planted]} == {"ilnd", "flsd"}
    assert {row.truth_id[0] for row in data.truth} == {"W", "D", "C"}


def test_another_seed_gives_other_data(built: dict[str, tuple[str, DemoSummary]]) -> None:
    first, other = table_contents(built["a"][0]), table_contents(built["other_seed"][0])
    for table in ("members", "cases", "defendants", "events", "demo_truth"):
        assert first[table] != other[table], table


def test_summary_counts_match_tables(built: dict[str, tuple[str, DemoSummary]], db: Database) -> None:
    summary = built["a"][1]
    assert summary.last_month == LAST_MONTH
    assert summary.members == one(db, "SELECT count(*) FROM members") == 2000
    assert summary.cases == one(db, "SELECT count(*) FROM cases")
    assert summary.defendants == one(db, "SELECT count(*) FROM defendants")
    assert summary.events == one(db, "SELECT count(*) FROM events")
    assert summary.truth_rows == one(db, "SELECT count(*) FROM demo_truth")
    # scale 0.05 -> about 7,500 background defendant rows plus the planted waves and cohorts
    assert 150 <= summary.cases <= 500
    assert 6_000 <= summary.defendants <= 16_000
    assert 2_000 < summary.member_stores <= 8_000
    assert summary.events > summary.cases
    assert summary.waves == N_WAVES and summary.cohorts == N_COHORTS
    # what `python -m casewatch demo` prints: the counts in words, not the dataclass's repr
    assert str(summary).startswith(f"demo database {summary.path} (seed 7, scale 0.05), ")
    assert f"2,000 members, {summary.member_stores:,} member stores, {summary.cases:,} cases, " in str(summary)
    assert f"; planted {N_WAVES} waves and {N_COHORTS} cohorts; built in " in str(summary)


def test_meta_marks_demo_data(db: Database) -> None:
    assert db.meta("demo") == "true"
    assert db.meta("demo_seed") == "7"
    assert float(db.meta("demo_scale") or 0) == SCALE
    assert db.data_version() >= 1


def test_refuses_to_overwrite_a_file_that_is_not_a_database(tmp_path: Path) -> None:
    precious = tmp_path / "notes.duckdb"
    precious.write_text("not a database", encoding="utf-8")
    with pytest.raises(FileExistsError):
        build_demo(str(precious), scale=SCALE, until=UNTIL)
    assert precious.read_text(encoding="utf-8") == "not a database"


def test_replaces_an_existing_database(tmp_path: Path) -> None:
    path = str(tmp_path / "again.duckdb")
    build_demo(path, seed=1, scale=0.02, until=dt.date(2021, 6, 1))
    summary = build_demo(path, seed=2, scale=0.02, until=dt.date(2021, 6, 1))
    with Database(path, read_only=True) as database:
        assert one(database, "SELECT count(*) FROM cases") == summary.cases
        assert database.meta("demo_seed") == "2"
    assert not Path(path + ".building").exists()


def test_rejects_bad_arguments(tmp_path: Path) -> None:
    with pytest.raises(ValueError):
        build_demo(str(tmp_path / "x.duckdb"), scale=0)
    with pytest.raises(ValueError):
        build_demo(str(tmp_path / "x.duckdb"), until=dt.date(2019, 1, 20))


def test_until_sets_the_last_month(tmp_path: Path) -> None:
    path = str(tmp_path / "early.duckdb")
    summary = build_demo(path, scale=SCALE, until=dt.date(2024, 3, 15))
    assert summary.last_month == dt.date(2024, 2, 1)
    with Database(path, read_only=True) as database:
        assert one(database, "SELECT max(filed_on) FROM cases") <= dt.date(2024, 2, 29)
        assert one(database, "SELECT max(event_on) FROM events") <= dt.date(2024, 2, 29)
        assert one(database, "SELECT max(start_month) FROM demo_truth WHERE kind = 'wave'") >= dt.date(2023, 12, 1)


def test_case_id_is_court_and_docket(db: Database) -> None:
    assert one(db, "SELECT count(*) FROM cases WHERE case_id <> court || ':' || docket_number") == 0
    assert one(db, "SELECT count(*) - count(DISTINCT (court, docket_number)) FROM cases") == 0
    # US district courts use the '1:24-cv-01234' style with the filing year
    bad = one(db, """SELECT count(*) FROM cases WHERE court = 'ilnd'
                     AND NOT regexp_full_match(docket_number, '1:\\d{2}-cv-\\d{5}')""")
    assert bad == 0
    assert one(db, """SELECT count(*) FROM cases WHERE court = 'ilnd'
                      AND substr(docket_number, 3, 2) <> strftime(filed_on, '%y')""") == 0


def not_in(table: str, column: str, valid: str, extra: str = "") -> str:
    """SQL counting rows of table whose column is not in the valid set (test-only text)."""
    return f"SELECT count(*) FROM {table} WHERE {column} IS NOT NULL {extra} AND {column} NOT IN ({valid})"


CODES = "SELECT code FROM codes WHERE domain = "
SUBSECTORS = "SELECT sector_code FROM sectors WHERE parent_code IS NOT NULL"


@pytest.mark.parametrize(("label", "sql"), [
    ("court", not_in("cases", "court", "SELECT court FROM courts")),
    ("country", "SELECT count(*) FROM cases c JOIN courts USING (court) WHERE c.country <> courts.country"),
    ("ip_type", not_in("cases", "ip_type", CODES + "'ip_type'")),
    ("case_kind", not_in("cases", "case_kind", CODES + "'case_kind'")),
    ("case sector", not_in("cases", "sector_code", SUBSECTORS)),
    ("outcome", not_in("defendants", "outcome", CODES + "'outcome'")),
    ("event kind", not_in("events", "kind", CODES + "'event_kind'")),
    ("platform", not_in("defendants", "platform", "SELECT platform FROM platforms")),
    ("store platform", not_in("member_stores", "platform", "SELECT platform FROM platforms")),
    ("city", not_in("defendants", "city_code", "SELECT city_code FROM cities")),
    ("member city", not_in("members", "city_code", "SELECT city_code FROM cities WHERE in_guangdong")),
    ("district", """SELECT count(*) FROM (SELECT city_code, district FROM defendants UNION ALL
                    SELECT city_code, district FROM members) x
                    WHERE district IS NOT NULL AND (city_code, district) NOT IN
                    (SELECT (city_code, district) FROM districts)"""),
    ("defendant sector", not_in("defendants", "sector_code", SUBSECTORS)),
    ("member sector", not_in("members", "sector_code", SUBSECTORS)),
    ("size band", not_in("members", "size_band", CODES + "'size_band'")),
    ("member of defendant", not_in("defendants", "member_id", "SELECT member_id FROM members")),
    ("member of store", not_in("member_stores", "member_id", "SELECT member_id FROM members")),
    ("defendant's case", not_in("defendants", "case_id", "SELECT case_id FROM cases")),
    ("event's case", not_in("events", "case_id", "SELECT case_id FROM cases")),
    ("source", "SELECT count(*) FROM cases WHERE source <> 'demo'"),
    ("no NULL codes", """SELECT count(*) FROM cases WHERE court IS NULL OR ip_type IS NULL OR case_kind IS NULL
                         OR sector_code IS NULL OR brand IS NULL OR plaintiff IS NULL OR law_firm IS NULL"""),
    ("no NULL defendant codes", """SELECT count(*) FROM defendants WHERE outcome IS NULL OR platform IS NULL
                                   OR sector_code IS NULL OR store_name IS NULL OR seller_id IS NULL"""),
])
def test_codes_are_valid(db: Database, label: str, sql: str) -> None:
    assert one(db, sql) == 0, label


def test_defendant_numbers_run_from_one(db: Database) -> None:
    assert one(db, """SELECT count(*) FROM (SELECT case_id, min(defendant_no) lo, max(defendant_no) hi,
                      count(*) n FROM defendants GROUP BY case_id) WHERE lo <> 1 OR hi <> n""") == 0
    assert one(db, "SELECT count(*) FROM cases WHERE case_id NOT IN (SELECT case_id FROM defendants)") == 0
    # a store is named at most once per case; seller ids are unique per platform
    assert one(db, "SELECT count(*) - count(DISTINCT (case_id, platform, seller_id)) FROM defendants") == 0
    assert one(db, "SELECT count(*) - count(DISTINCT (platform, seller_id)) FROM member_stores") == 0


def test_member_defendants_carry_the_member(db: Database) -> None:
    assert one(db, """SELECT count(*) FROM defendants d JOIN members m USING (member_id)
                      WHERE d.match_score <> 1.0 OR d.city_code <> m.city_code
                      OR d.sector_code <> m.sector_code OR d.district IS DISTINCT FROM m.district""") == 0
    assert one(db, """SELECT count(*) FROM defendants d LEFT JOIN member_stores s
                      ON s.member_id = d.member_id AND s.platform = d.platform AND s.seller_id = d.seller_id
                      WHERE d.member_id IS NOT NULL AND s.member_id IS NULL""") == 0
    assert one(db, "SELECT count(*) FROM defendants WHERE member_id IS NULL AND match_score IS NOT NULL") == 0


def test_dates_within_the_data_window(db: Database) -> None:
    lo, hi = rows(db, "SELECT min(filed_on), max(filed_on) FROM cases")[0]
    assert dt.date(2019, 1, 1) <= lo < dt.date(2019, 7, 1)  # few cases a month at this scale
    assert LAST_MONTH <= hi <= CUTOFF
    assert one(db, "SELECT max(event_on) FROM events") <= CUTOFF
    assert one(db, "SELECT count(*) FROM cases WHERE closed_on < filed_on OR closed_on > $c", {"c": CUTOFF}) == 0
    assert one(db, "SELECT count(*) FROM cases WHERE dayofweek(filed_on) IN (0, 6)") == 0
    assert one(db, "SELECT count(*) FROM members WHERE joined_on > $c", {"c": CUTOFF}) == 0


def test_milestones_are_ordered(db: Database) -> None:
    per_case = """
        SELECT c.case_id, c.filed_on, c.closed_on,
               count(*) FILTER (WHERE e.kind = 'filed') AS n_filed,
               min(e.event_on) FILTER (WHERE e.kind = 'filed') AS filed,
               min(e.event_on) FILTER (WHERE e.kind = 'tro') AS tro,
               min(e.event_on) FILTER (WHERE e.kind = 'pi') AS pi,
               min(e.event_on) FILTER (WHERE e.kind = 'default_judgment') AS dj,
               min(e.event_on) FILTER (WHERE e.kind = 'closed') AS closed,
               count(*) FILTER (WHERE e.kind IN ('tro', 'pi', 'default_judgment', 'closed')
                                AND e.defendant_no IS NULL) AS n_milestones,
               count(DISTINCT e.kind) FILTER (WHERE e.kind IN ('tro', 'pi', 'default_judgment', 'closed')) AS n_kinds,
               min(e.event_on) AS first_event, max(e.event_on) AS last_event
        FROM cases c JOIN events e USING (case_id) GROUP BY ALL"""
    checks = {
        "one filed event on filed_on": "n_filed <> 1 OR filed <> filed_on",
        "milestones at most once": "n_milestones <> n_kinds",
        "tro after filing": "tro <= filed_on",
        "pi after tro": "pi <= coalesce(tro, filed_on)",
        "judgment after pi": "dj <= coalesce(pi, tro, filed_on)",
        "closed event iff closed_on": "closed IS DISTINCT FROM closed_on",
        "nothing after closing": "last_event > coalesce(closed_on, DATE '9999-12-31')",
        "nothing before filing": "first_event < filed_on",
    }
    for label, condition in checks.items():
        assert one(db, f"SELECT count(*) FROM ({per_case}) WHERE {condition}") == 0, label
    # typical timing (FACTS.md): TRO ~11 days, PI ~42, default judgment ~105 after filing
    tro, pi, dj = rows(db, """SELECT median(e.event_on - c.filed_on) FILTER (WHERE kind = 'tro'),
                                     median(e.event_on - c.filed_on) FILTER (WHERE kind = 'pi'),
                                     median(e.event_on - c.filed_on) FILTER (WHERE kind = 'default_judgment')
                              FROM events e JOIN cases c USING (case_id) WHERE c.case_kind = 'schedule_a'""")[0]
    assert 8 <= tro <= 15 and 32 <= pi <= 55 and 80 <= dj <= 135


def test_outcomes_agree_with_events(db: Database) -> None:
    # per-defendant settled / dismissed events <-> outcomes
    assert one(db, """SELECT count(*) FROM defendants d FULL JOIN
                      (SELECT * FROM events WHERE defendant_no IS NOT NULL) e
                      ON e.case_id = d.case_id AND e.defendant_no = d.defendant_no
                      WHERE (d.outcome IN ('settled', 'dismissed') OR e.kind IS NOT NULL)
                      AND e.kind IS DISTINCT FROM d.outcome""") == 0
    case_events = """SELECT case_id, list(kind) AS kinds FROM events WHERE defendant_no IS NULL GROUP BY case_id"""
    checks = {
        "default judgment needs the case's judgment event":
            "d.outcome = 'default_judgment' AND NOT list_contains(k.kinds, 'default_judgment')",
        "pi outcome needs a pi event and no judgment yet":
            "d.outcome = 'pi' AND (NOT list_contains(k.kinds, 'pi') OR list_contains(k.kinds, 'closed'))",
        "tro outcome: tro entered, no pi yet":
            "d.outcome = 'tro' AND (NOT list_contains(k.kinds, 'tro') OR list_contains(k.kinds, 'pi'))",
        "pending: no tro yet": "d.outcome = 'pending' AND list_contains(k.kinds, 'tro')",
        "closed cases have no open defendants":
            "d.outcome IN ('pending', 'tro', 'pi') AND list_contains(k.kinds, 'closed')",
    }
    for label, condition in checks.items():
        sql = f"SELECT count(*) FROM defendants d JOIN ({case_events}) k USING (case_id) WHERE {condition}"
        assert one(db, sql) == 0, label
    amounts = {
        "settlement iff settled": "(settlement_usd IS NOT NULL) <> (outcome = 'settled')",
        "judgment iff default judgment": "(judgment_usd IS NOT NULL) <> (outcome = 'default_judgment')",
        "settled/dismissed appeared": "outcome IN ('settled', 'dismissed', 'won') AND NOT appeared",
        "defaulted did not appear": "outcome = 'default_judgment' AND appeared",
        "settlement range": "settlement_usd NOT BETWEEN 2000 AND 30000",
        "no frozen amount before a tro": "outcome = 'pending' AND frozen_usd IS NOT NULL",
    }
    for label, condition in amounts.items():
        assert one(db, f"SELECT count(*) FROM defendants WHERE {condition}") == 0, label


def test_recent_cases_are_still_open(db: Database) -> None:
    open_recent = one(db, """SELECT avg((closed_on IS NULL)::INT) FROM cases
                             WHERE filed_on >= DATE '2026-08-01' AND case_kind = 'schedule_a'""")
    open_old = one(db, "SELECT avg((closed_on IS NULL)::INT) FROM cases WHERE filed_on < DATE '2024-01-01'")
    assert open_recent > 0.9 and open_old < 0.05


def test_members_across_all_cities(db: Database) -> None:
    by_city = rows(db, """SELECT m.city_code, count(*) FROM members m GROUP BY ALL ORDER BY 2 DESC, 1""")
    assert len(by_city) == 21
    assert by_city[0][0] == "440300" and by_city[1][0] == "440100"  # Shenzhen, then Guangzhou
    assert 0.30 <= by_city[0][1] / 2000 <= 0.42 and 0.18 <= by_city[1][1] / 2000 <= 0.27
    pattern = "regexp_full_match(member_id, 'M\\d{5}')"
    assert one(db, f"SELECT count(DISTINCT member_id) FROM members WHERE {pattern}") == 2000
    assert one(db, "SELECT count(*) FROM members WHERE NOT ends_with(email, '@example.com')") == 0
    assert one(db, "SELECT count(DISTINCT name_zh) FROM members") == 2000
    # local specialisation: Shantou is toys, Zhongshan lighting
    assert one(db, "SELECT avg((sector_code LIKE 'S02%')::INT) FROM members WHERE city_code = '440500'") > 0.4
    assert one(db, "SELECT avg((sector_code LIKE 'S03%')::INT) FROM members WHERE city_code = '442000'") > 0.4


def test_case_mix(db: Database) -> None:
    share = dict(rows(db, "SELECT case_kind, count(*) / sum(count(*)) OVER () FROM cases GROUP BY ALL"))
    assert 0.7 <= share["schedule_a"] <= 0.92
    ilnd = one(db, "SELECT avg((court = 'ilnd')::INT) FROM cases WHERE case_kind = 'schedule_a'")
    assert 0.7 <= ilnd <= 0.92
    # ~80% at scale 1; a small build has only 40 brands, whose own ip types dominate
    trademark = one(db, "SELECT avg((ip_type = 'trademark')::INT) FROM cases")
    assert 0.5 <= trademark <= 0.98
    member_share = one(db, "SELECT avg((member_id IS NOT NULL)::INT) FROM defendants")
    assert 0.08 <= member_share <= 0.30
    unknown_city = one(db, "SELECT avg((city_code IS NULL)::INT) FROM defendants")
    assert 0.05 <= unknown_city <= 0.25
    assert one(db, """SELECT count(*) FROM cases WHERE case_kind = 'schedule_a' AND case_name NOT LIKE
                      '% v. The Partnerships and Unincorporated Associations Identified on Schedule A'""") == 0


def test_outcome_mix(db: Database) -> None:
    decided = dict(rows(db, """SELECT outcome, count(*) / sum(count(*)) OVER () FROM defendants
                               WHERE outcome IN ('default_judgment', 'settled', 'dismissed', 'won')
                               GROUP BY ALL"""))
    assert 0.62 <= decided["default_judgment"] <= 0.82
    assert 0.10 <= decided["settled"] <= 0.26


def test_unplanted_build_has_empty_truth(built: dict[str, tuple[str, DemoSummary]]) -> None:
    path, summary = built["unplanted"]
    assert summary.truth_rows == 0 and summary.waves == 0
    with Database(path, read_only=True) as database:
        assert one(database, "SELECT count(*) FROM demo_truth") == 0
        assert one(database, "SELECT count(*) FROM demo_truth_cases") == 0
        assert database.meta("demo") == "true"


def test_waves_are_recorded_and_spread(db: Database) -> None:
    # issue 23: each wave has a shape and sizes of its own (casewatch/demo/calibration.py WAVE_PLAN)
    waves = rows(db, """SELECT truth_id, any_value(shape), any_value(entity), min(start_month), max(end_month),
                        count(DISTINCT member_id), count(DISTINCT start_month), count(DISTINCT end_month)
                        FROM demo_truth WHERE kind = 'wave' GROUP BY truth_id ORDER BY 4""")
    assert len(waves) == N_WAVES
    assert sorted({w[1] for w in waves}) == ["firm_led", "multi_city", "ramp", "sudden", "surge", "threshold"]
    assert len({w[2] for w in waves}) == len(waves)  # no two waves of one brand or firm
    sizes = {"sudden": (15, 40), "ramp": (8, 20), "multi_city": (12, 24), "firm_led": (9, 16), "surge": (15, 30),
             "threshold": (5, 8)}  # fmt: skip
    for truth_id, shape, _entity, start, end, members, starts, ends in waves:
        assert sizes[shape][0] <= members <= sizes[shape][1], (truth_id, shape, members)
        assert starts == ends == 1, truth_id
        assert start <= end and (end.year * 12 + end.month) - (start.year * 12 + start.month) <= 3
    assert waves[0][3] >= dt.date(2020, 1, 1) - dt.timedelta(days=62)
    assert waves[-1][3] >= dt.date(2026, 5, 1)  # one wave is still "active" in the last months


def test_wave_members_are_defendants_of_the_brand_in_the_window(db: Database) -> None:
    missing = rows(db, """SELECT t.truth_id, t.member_id FROM demo_truth t
                          WHERE t.kind = 'wave' AND NOT EXISTS (
                              SELECT 1 FROM defendants d JOIN cases c USING (case_id)
                              WHERE d.member_id = t.member_id AND c.brand = t.brand
                              AND date_trunc('month', c.filed_on) BETWEEN t.start_month AND t.end_month)""")
    assert missing == []
    # mostly from the focal city (a multi-city wave: about half), all from the focal sector
    focal = rows(db, """SELECT t.shape = 'multi_city', min(share) FROM (
                          SELECT t.truth_id, any_value(t.shape) AS shape, avg((m.city_code = t.city_code)::INT) share
                          FROM demo_truth t JOIN members m USING (member_id) WHERE t.kind = 'wave' GROUP BY ALL) t
                        GROUP BY ALL ORDER BY 1""")
    assert focal[0][1] >= 0.6 and 0.4 <= focal[1][1] <= 0.6
    assert one(db, """SELECT count(*) FROM demo_truth t JOIN members m USING (member_id)
                      WHERE t.kind <> 'decoy' AND NOT starts_with(m.sector_code, t.sector_code)""") == 0


def test_waves_stand_out_from_quiet_background(db: Database) -> None:
    """Per brand and month, members named by background cases stay few; each wave peaks high."""
    per_brand_month = """
        SELECT c.brand, date_trunc('month', c.filed_on) AS month, count(DISTINCT d.member_id) AS n
        FROM defendants d JOIN cases c USING (case_id)
        WHERE d.member_id IS NOT NULL AND case_id NOT IN (SELECT case_id FROM demo_truth_cases)
        GROUP BY ALL"""
    assert one(db, f"SELECT max(n) FROM ({per_brand_month})") <= 7
    # ... and at most 2 in the first month a (background) brand names any member
    assert one(db, f"""SELECT max(n) FROM ({per_brand_month}) x
                       WHERE month = (SELECT min(month) FROM ({per_brand_month}) y WHERE y.brand = x.brand)
                       AND brand NOT IN (SELECT brand FROM demo_truth WHERE kind = 'wave')""") <= 2
    # new wave brands have no cases before their wave; existing ones named few members in the year
    # before (but a surge's brand has a steady history by design)
    prior = rows(db, """SELECT w.truth_id, count(DISTINCT d.member_id) FROM
                        (SELECT DISTINCT truth_id, brand, start_month FROM demo_truth
                         WHERE kind = 'wave' AND shape <> 'surge') w
                        LEFT JOIN cases c ON c.brand = w.brand AND c.filed_on < w.start_month
                             AND c.filed_on >= w.start_month - INTERVAL 12 MONTH
                        LEFT JOIN defendants d ON d.case_id = c.case_id AND d.member_id IS NOT NULL
                        GROUP BY ALL""")
    assert all(n <= 12 for _, n in prior), prior
    peaks = rows(db, """SELECT t.truth_id, max(n) FROM (
                            SELECT c.brand, date_trunc('month', c.filed_on) AS month,
                                   count(DISTINCT d.member_id) AS n
                            FROM defendants d JOIN cases c USING (case_id)
                            WHERE d.member_id IS NOT NULL GROUP BY ALL) x
                        JOIN (SELECT DISTINCT truth_id, brand, start_month, end_month FROM demo_truth
                              WHERE kind = 'wave') t
                        ON x.brand = t.brand AND x.month BETWEEN t.start_month AND t.end_month
                        GROUP BY ALL""")
    # a sudden, multi-city or surge wave has 12 or more in one month; ramps, firm-led waves (per
    # brand) and waves at the size threshold are made to stay under that
    assert len(peaks) == N_WAVES
    shapes = dict(rows(db, "SELECT truth_id, any_value(shape) FROM demo_truth WHERE kind = 'wave' GROUP BY 1"))
    assert all(n >= 12 for t, n in peaks if shapes[t] in ("sudden", "multi_city", "surge")), peaks
    assert all(n <= 8 for t, n in peaks if shapes[t] in ("ramp", "firm_led", "threshold")), peaks


def test_cohorts_are_sued_together_again_and_again(db: Database) -> None:
    cohorts = rows(db, """SELECT truth_id, count(DISTINCT member_id), count(DISTINCT sector_code)
                          FROM demo_truth WHERE kind = 'cohort' GROUP BY ALL ORDER BY 1""")
    assert len(cohorts) == N_COHORTS
    for truth_id, size, sectors in cohorts:
        assert 8 <= size <= 15 and sectors == 1, truth_id
        per_case = rows(db, """SELECT tc.case_id, any_value(c.brand), count(DISTINCT d.member_id)
                               FROM demo_truth_cases tc JOIN cases c USING (case_id)
                               JOIN defendants d USING (case_id)
                               JOIN demo_truth t ON t.truth_id = tc.truth_id AND t.member_id = d.member_id
                               WHERE tc.truth_id = $id GROUP BY ALL""", {"id": truth_id})
        assert 4 <= len(per_case) <= 8, truth_id
        assert len({brand for _, brand, _ in per_case}) == len(per_case)  # different brands
        assert all(n >= 0.8 * size for _, _, n in per_case), (truth_id, per_case)
        # each cohort case is the only one naming members for its brand that month: 8..11 of them
        assert one(db, """SELECT max(n) FROM (
                              SELECT c.brand, date_trunc('month', c.filed_on), count(DISTINCT d.member_id) n
                              FROM cases c JOIN defendants d USING (case_id)
                              WHERE d.member_id IS NOT NULL AND (c.brand, date_trunc('month', c.filed_on)) IN (
                                  SELECT (c2.brand, date_trunc('month', c2.filed_on)) FROM demo_truth_cases t
                                  JOIN cases c2 USING (case_id) WHERE t.truth_id = $id)
                              GROUP BY ALL)""", {"id": truth_id}) <= 11
        # alongside other defendants
        assert one(db, """SELECT min(n) FROM (SELECT case_id, count(*) n FROM defendants
                          WHERE case_id IN (SELECT case_id FROM demo_truth_cases WHERE truth_id = $id)
                          GROUP BY ALL)""", {"id": truth_id}) > size


@pytest.mark.parametrize("scale", ["0", "-1", "nan", "x"])
def test_cli_refuses_a_scale_that_is_not_positive(
    scale: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from casewatch.__main__ import main

    with pytest.raises(SystemExit) as stopped:
        main(["demo", "--out", str(tmp_path / "d.duckdb"), "--scale", scale])
    assert stopped.value.code == 2
    assert "--scale" in capsys.readouterr().err and not (tmp_path / "d.duckdb").exists()


@pytest.mark.parametrize(
    "command",
    [
        ["demo", "--out", "{tmp}/d.duckdb", "--scale", "inf"],
        ["demo", "--out", "{tmp}/d.duckdb", "--scale", "nan"],
        ["demo", "--out", ":memory:"],
        ["demo", "--out", "md:x"],
        ["demo", "--out", "{tmp}/notdb.txt"],
        ["demo", "--out", "{tmp}/folder"],
        ["demo", "--out", "{tmp}/d.duckdb", "--seed", "-1"],
        ["herding", "--seeds", "1", "--until", "2019-02-01"],
        ["herding", "--seeds", "1", "--until", "1900-01-01"],
        ["import", "--db", "{tmp}/d.duckdb", "--max-mb", "nan", "{tmp}/notdb.txt"],
        ["import", "--db", "{tmp}/d.duckdb", "--max-mb", "inf", "{tmp}/notdb.txt"],
        ["import", "--db", "{tmp}/d.duckdb", "--max-mb", "-1", "{tmp}/notdb.txt"],
    ],
)
def test_cli_bad_values_are_one_error_line_and_exit_2(
    command: list[str], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # each was a traceback (ValueError, OverflowError, FileExistsError, IndexError) or, for
    # --max-mb -1, an import "refused" against a limit of -1 MB
    (tmp_path / "notdb.txt").write_text("not a database", encoding="utf-8")
    (tmp_path / "folder").mkdir()
    try:
        code = main([part.replace("{tmp}", str(tmp_path)) for part in command])
    except SystemExit as stopped:  # argparse's usage message for a bad option value
        code = int(str(stopped.code))
    assert code == 2
    err = capsys.readouterr().err
    assert "error: " in err and "Traceback" not in err
    assert sorted(p.name for p in tmp_path.iterdir()) == ["folder", "notdb.txt"]
    assert (tmp_path / "notdb.txt").read_text(encoding="utf-8") == "not a database"


def test_the_earliest_until_builds_and_the_day_before_is_refused(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    first = earliest_until()
    assert first == dt.date(2019, 4, 1)  # three months of data to plant waves in
    summary = build_demo(str(tmp_path / "early.duckdb"), scale=0.02, until=first)
    assert summary.last_month == dt.date(2019, 3, 1) and summary.waves > 0
    day_before = first - dt.timedelta(days=1)
    assert main(["herding", "--seeds", "1", "--until", day_before.isoformat()]) == 2
    assert capsys.readouterr().err == f"error: --until {day_before}: the earliest the demos take is {first}\n"
    assert build_demo(str(tmp_path / "quiet.duckdb"), scale=0.02, plant=False, until=earliest_until(plant=False))


def test_decoys_are_what_they_claim(db: Database) -> None:
    # issue 23: a small cluster stays under the size threshold: its brand names no one else in
    # the two months either side, and an established brand's cluster is not its first month
    clusters = rows(
        db,
        """SELECT t.truth_id, any_value(t.brand), min(t.sued_month), count(DISTINCT t.member_id)
                           FROM demo_truth t WHERE kind = 'decoy' AND shape = 'small_cluster' GROUP BY 1""",
    )
    assert clusters
    for truth_id, brand, month, members in clusters:
        near = one(
            db,
            """SELECT count(DISTINCT d.member_id) FROM defendants d JOIN cases c USING (case_id)
                          WHERE c.brand = $brand AND d.member_id IS NOT NULL
                          AND c.case_id NOT IN (SELECT case_id FROM demo_truth_cases WHERE truth_id = $id)
                          AND c.filed_on BETWEEN $month - INTERVAL 2 MONTH AND $month + INTERVAL 3 MONTH""",
            {"brand": brand, "id": truth_id, "month": month},
        )
        assert near == 0, (truth_id, near)
        before = one(
            db,
            "SELECT count(*) FROM cases WHERE brand = $brand AND filed_on < $month",
            {"brand": brand, "month": month},
        )
        assert members == (4 if before == 0 else 6), (truth_id, members, before)
    # the Q4 rise is recorded for established brands with a steady year before it (12 member
    # defendants or more, some in each half)
    seasonal = rows(
        db,
        """SELECT DISTINCT brand, start_month FROM demo_truth
                           WHERE kind = 'decoy' AND shape = 'seasonal'""",
    )
    assert seasonal
    for brand, start in seasonal:
        halves = rows(
            db,
            """SELECT (c.filed_on >= $start - INTERVAL 6 MONTH)::INT, count(*)
                             FROM defendants d JOIN cases c USING (case_id)
                             WHERE c.brand = $brand AND d.member_id IS NOT NULL
                             AND c.filed_on >= $start - INTERVAL 12 MONTH AND c.filed_on < $start GROUP BY 1""",
            {"brand": brand, "start": start},
        )
        assert len(halves) == 2 and sum(n for _, n in halves) >= 12, (brand, halves)


def test_waves_name_members_of_their_own(db: Database) -> None:
    # two planted waves naming the same sellers would look like one group sued twice (a cohort
    # re-suit, not a wave): while a cell has others, each wave takes members no earlier one named
    shared = one(
        db,
        """SELECT count(*) FROM (SELECT DISTINCT truth_id, member_id FROM demo_truth WHERE kind = 'wave') a
                        JOIN (SELECT DISTINCT truth_id, member_id FROM demo_truth WHERE kind = 'wave') b
                        ON a.member_id = b.member_id AND a.truth_id < b.truth_id""",
    )
    assert shared == 0
