"""Cell-key perturbation of the aggregates shown to members (issue 20, item 3; docs/privacy.md).

Hand-worked answers on the tiny fixture, whose record keys are fixed in
tests/fixtures/tiny/member_keys.csv and defendant_keys.csv; the keys' life cycle (upgrade, import,
re-import, rebuild); and the differencing attack rerun against a member's view of a fixture built
for it here, where every window a member sees has at least 3 members but many differences of two
of them isolate one or two.

How the fixture's keys work out (a contributor is the member of a row, else the row itself; bits
0-4 of its key give the sub-keys of cases, defendants, members, default judgments and decided
outcomes: 1 + the bit; bit 5 the amount factor's side, bits 8-17 its distance 0.3..0.5 from 1):
    M1 261920 = 1023 << 8 | 1 << 5   sub-keys 1 1 1 1 1   factor 1.5
    M2 31                            sub-keys 2 2 2 2 2   factor 0.7
    M3 37 = 1 << 5 | 0b00101         sub-keys 2 1 2 1 1   factor 1.3
    M4 261914 = 1023 << 8 | 0b11010  sub-keys 1 2 1 2 2   factor 0.5
    non-member C1#3 0                sub-keys 1 1 1 1 1   factor 0.7
    non-member C4#2 63               sub-keys 2 2 2 2 2   factor 1.3
A count shown to a member is exact + (sum of its cell's sub-keys mod 5) - 2, never below 0, and 0
when the exact count is 0; an amount is the sum of every row's amount times its contributor's factor.
"""

from __future__ import annotations

import collections
import datetime as dt
import itertools
import random
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import duckdb
import pandas as pd
import pytest

from casewatch import schema
from casewatch.access import SYSTEM, Scope
from casewatch.charts.overview import monthly_trend, ranked_bars
from casewatch.db import Database
from casewatch.facts import bump_data_version
from casewatch.filters import Filters
from casewatch.i18n import t
from casewatch.ingest import import_files
from casewatch.report.kpi import Kpi
from casewatch.sql import load_sql
from casewatch.ui import blocks
from tests.support import roles
from tests.support.databases import FIXTURES

Q1 = Filters(date_from=dt.date(2024, 1, 1), date_to=dt.date(2024, 3, 31))
WIDE = Filters(date_from=dt.date(2023, 1, 1), date_to=dt.date(2024, 12, 31))
M1 = Scope("member", member_id="M1")
M2 = Scope("member", member_id="M2")
STAFF = (SYSTEM, Scope("leadership"))
OVERVIEW = ("overview/kpis", "overview/monthly", "overview/top_cities", "overview/top_sectors", "overview/top_brands")
COUNTS = ("cases", "defendant_instances", "members_affected")


def kpis(db: Database, filters: Filters, scope: Scope) -> dict[str, object]:
    return db.query("overview/kpis", scope=scope, **filters.params()).iloc[0].to_dict()


def overview(db: Database, name: str, filters: Filters, scope: Scope) -> pd.DataFrame:
    extra = {"limit": 1000} if name.startswith("overview/top") else {}
    return db.query(name, scope=scope, **filters.params(), **extra)


# --- hand-worked answers on the tiny fixture ------------------------------------------------------


def test_staff_see_exact_figures(tiny_db: Database) -> None:
    # as in tests/queries/test_overview.py: C1, C2, C3, C5; 6 defendant rows; M1, M2, M3; 1000+500+200+0+300+100;
    # default judgments 2 of 5 decided
    for scope in STAFF:
        assert kpis(tiny_db, Q1, scope) == {
            "cases": 4, "defendant_instances": 6, "members_affected": 3, "frozen_usd": 2100, "default_share": 0.4
        }  # fmt: skip


def test_a_member_sees_the_first_quarter_perturbed(tiny_db: Database) -> None:
    # rows: C1 M1 (dj, 1000), C1 M3 (settled, 500), C1 non-member 0 (dj, 200), C2 M2 (dismissed, 0),
    # C2 M1 (pending, 300), C3 M1 (settled, 100), and C5 without defendants (no keys)
    # cases:      1 + 2 + 1 + 2 + 1 + 1 = 8 -> 8 mod 5 - 2 = +1 -> 4 + 1 = 5
    # defendants: 1 + 1 + 1 + 2 + 1 + 1 = 7 ->  0 -> 6
    # members:    1 + 2 + 1 + 2 + 1 + 1 = 8 -> +1 -> 3 + 1 = 4
    # default judgments (C1 M1, C1 non-member): 1 + 1 = 2 -> 0 -> 2
    # decided (all but C2 M1): 1 + 1 + 1 + 2 + 1 = 6 -> -1 -> 5 - 1 = 4; share 2 / 4
    # frozen: 1000*1.5 + 500*1.3 + 200*0.7 + 0*0.7 + 300*1.5 + 100*1.5 = 2890
    expected = {"cases": 5, "defendant_instances": 6, "members_affected": 4, "frozen_usd": 2890, "default_share": 0.5}
    assert kpis(tiny_db, Q1, M1) == expected
    assert kpis(tiny_db, Q1, M2) == expected  # the noise belongs to the cell, not to who looks


def test_a_member_sees_member_defendants_only_perturbed(tiny_db: Database) -> None:
    # members only in Q1: C1 M1, C1 M3, C2 M2, C2 M1, C3 M1; exact 3 cases, 5 rows, 3 members, 1900,
    # default judgments 1 of 4 decided
    # cases:      1 + 2 + 2 + 1 + 1 = 7 -> 0 -> 3
    # defendants: 1 + 1 + 2 + 1 + 1 = 6 -> -1 -> 4
    # members:    1 + 2 + 2 + 1 + 1 = 7 -> 0 -> 3
    # default judgments (C1 M1): 1 -> -1 -> 1 - 1 = 0
    # decided (C1 M1, C1 M3, C2 M2, C3 M1): 1 + 1 + 2 + 1 = 5 -> -2 -> 4 - 2 = 2; share 0 / 2
    # frozen: 1000*1.5 + 500*1.3 + 0*0.7 + 300*1.5 + 100*1.5 = 2750
    members_only = Q1.with_values(members_only=True)
    assert kpis(tiny_db, members_only, M1) == {
        "cases": 3, "defendant_instances": 4, "members_affected": 3, "frozen_usd": 2750, "default_share": 0.0
    }  # fmt: skip
    assert kpis(tiny_db, members_only, SYSTEM) == {
        "cases": 3, "defendant_instances": 5, "members_affected": 3, "frozen_usd": 1900, "default_share": 0.25
    }  # fmt: skip
    # The two views differ by the non-member row of C1 and the empty C5: truly 1 case, 1 row, no
    # member, 200 frozen; the member's difference says 2 cases, 2 rows, 1 member, 140.
    both, members = kpis(tiny_db, Q1, M1), kpis(tiny_db, members_only, M1)
    assert [both[c] - members[c] for c in (*COUNTS, "frozen_usd")] == [2, 2, 1, 140]


def test_small_cells_stay_suppressed(tiny_db: Database) -> None:
    # the previous period holds only M4; Shenzhen in Q1 only M1; every month, city, sector and brand
    # of the fixture fewer than 3 members
    assert pd.isna(pd.Series(kpis(tiny_db, Q1.previous_period(), M1))).all()
    assert pd.isna(pd.Series(kpis(tiny_db, Q1.with_values(cities=("440300",)), M1))).all()
    assert overview(tiny_db, "overview/monthly", Q1, M1)[list(COUNTS)].isna().all().all()
    for name in OVERVIEW[2:]:
        assert overview(tiny_db, name, WIDE, M1).empty


def test_the_same_cell_always_gets_the_same_noise(tiny_db: Database, tmp_path: Path) -> None:
    first = {name: overview(tiny_db, name, WIDE, M1) for name in OVERVIEW}
    again = {name: overview(tiny_db, name, WIDE, M1) for name in OVERVIEW}
    with tiny_db.write() as con:  # the derived layer rebuilt from scratch draws nothing new
        con.execute(load_sql("facts/rebuild"))
        bump_data_version(con)
    rebuilt = {name: overview(tiny_db, name, WIDE, M1) for name in OVERVIEW}
    for name in OVERVIEW:
        pd.testing.assert_frame_equal(again[name], first[name])
        pd.testing.assert_frame_equal(rebuilt[name], first[name])
    # WIDE: all 8 rows (C4 adds M4 and non-member 63); counts perturbed by -1 each, see the docstring
    assert [first["overview/kpis"].iloc[0][c] for c in COUNTS] == [4, 7, 3]


def test_staff_queries_read_no_key_column(tiny_db: Database) -> None:
    """Exact figures cost what they cost before: for staff DuckDB folds the noise away and does not
    even read the key columns (the plan names none); a member's plan does."""
    for name in OVERVIEW:
        params = {**WIDE.params(), **({"limit": 12} if name.startswith("overview/top") else {})}
        plan = {
            viewer: "\n".join(
                str(row[1])
                for row in tiny_db.sql("EXPLAIN " + load_sql(name), {**params, "viewer_member": viewer}).itertuples(
                    index=False
                )
            )
            for viewer in ("", "M1")
        }
        assert "ck_" not in plan[""] and "amount_factor" not in plan[""], name
        assert "ck_" in plan["M1"], name


# --- record keys: drawn once, kept ------------------------------------------------------------------


def keys(db: Database, table: str, id_columns: str) -> dict[tuple[object, ...], int]:
    rows = db.sql(f"SELECT {id_columns}, record_key FROM {table}").values.tolist()
    return {tuple(row[:-1]): row[-1] for row in rows}


def test_an_old_database_gets_keys_on_upgrade(tmp_path: Path) -> None:
    path = tmp_path / "v9.duckdb"
    con = duckdb.connect(str(path))
    for migration in schema.migrations():
        if migration.version < 10:
            con.execute(load_sql(migration.name))
            con.execute(load_sql("schema/record_version"), {"version": migration.version})
    con.execute("INSERT INTO members (member_id) SELECT 'M' || range FROM range(50)")
    con.execute(
        "INSERT INTO cases (case_id, court, docket_number, filed_on) "
        "SELECT 'c:' || range, 'ilnd', range, DATE '2024-01-01' FROM range(50)"
    )
    con.execute(
        "INSERT INTO defendants (case_id, defendant_no, member_id) "
        "SELECT 'c:' || range // 10, range % 10, 'M' || range % 50 FROM range(500)"
    )
    con.close()
    with Database(str(path)) as db:
        for table, ids, count in (("members", "member_id", 50), ("defendants", "case_id, defendant_no", 500)):
            found = keys(db, table, ids)
            assert len(found) == count and all(0 <= key < 2**31 for key in found.values()), table
            assert len(set(found.values())) > count * 0.99, table  # random, not one value for all
        facts = db.sql("SELECT case_id, defendant_no, record_key FROM defendant_facts").values.tolist()
        assert {(c, n): k for c, n, k in facts} == keys(db, "defendants", "case_id, defendant_no")


def test_imports_draw_keys_for_new_rows_and_keep_those_of_stored_rows(tmp_path: Path) -> None:
    tiny = FIXTURES / "tiny"
    db = Database(str(tmp_path / "db.duckdb"))
    import_files(db, [tiny / f"{t}.csv" for t in ("members", "member_stores", "cases", "defendants")])
    members, defendants = keys(db, "members", "member_id"), keys(db, "defendants", "case_id, defendant_no")
    assert None not in [*members.values(), *defendants.values()]
    # the register again with a new name for M2 and a new member M5; the defendants again with a new
    # frozen amount for C1#1 and a new defendant C2#3
    register = (tiny / "members.csv").read_text(encoding="utf-8").replace("Guangzhou Bingding Apparel", "Bingding")
    register += "M5,新会员,New Member Co.,440300,440305,S0301,small,2024-01-01,m5@example.com\n"
    listed = (
        (tiny / "defendants.csv")
        .read_text(encoding="utf-8")
        .replace(
            "ilnd:1:24-cv-00001,1,JiaYi Direct,amazon,A1JIAYI0001,M1,440300,440307,,default_judgment,1000,",
            "ilnd:1:24-cv-00001,1,JiaYi Direct,amazon,A1JIAYI0001,M1,440300,440307,,default_judgment,1200,",
        )
    )
    listed += "ilnd:1:24-cv-00002,3,New Shop,temu,T777,,,,,pending,10,,,false,\n"
    (tmp_path / "members.csv").write_text(register, encoding="utf-8")
    (tmp_path / "defendants.csv").write_text(listed, encoding="utf-8")
    import_files(db, [tmp_path / "members.csv", tmp_path / "defendants.csv"])
    assert db.sql("SELECT frozen_usd FROM defendants WHERE case_id = 'ilnd:1:24-cv-00001' AND defendant_no = 1")[
        "frozen_usd"
    ].tolist() == [1200]
    after_members, after_defendants = keys(db, "members", "member_id"), keys(db, "defendants", "case_id, defendant_no")
    assert {k: v for k, v in after_members.items() if k in members} == members
    assert {k: v for k, v in after_defendants.items() if k in defendants} == defendants
    assert after_members[("M5",)] is not None and after_defendants[("ilnd:1:24-cv-00002", 3)] is not None
    db.close()


# --- the differencing attack ---------------------------------------------------------------------

MONTHS = [dt.date(2024, month, 1) for month in range(1, 7)]
FIELDS: dict[str, tuple[str, ...]] = {
    "cities": ("440300", "440100", "440500", "000000"),
    "sectors": ("S0101", "S0201", "S0301"),
    "platforms": ("amazon", "temu"),
    "ips": ("trademark", "copyright"),
    "kinds": ("schedule_a", "individual"),
    "courts": ("ilnd", "nysd"),
    "brands": ("Alpha", "Beta", "Gamma"),
    "firms": ("Firm A", "Firm B"),
}
# Filters field -> defendant_facts column it tests (sectors also match the top-level sector)
COLUMN = {"cities": "city_code", "sectors": "sector_code", "platforms": "platform", "ips": "ip_type",
          "kinds": "case_kind", "courts": "court", "brands": "brand", "firms": "law_firm"}  # fmt: skip
ATTACKER = "M1"
SEEDS = (1, 2)
Row = tuple[str, int]


def build_attack_fixture(path: str, seed: int) -> Database:
    """Ten members in three cities, twelve cases over six months (two a month) with 3-4 member and
    1-2 non-member defendants each; amounts, outcomes, platforms and record keys drawn from ``seed``.
    Every window of a month or more holds at least 3 members, and narrower views fewer."""
    rng = random.Random(seed)
    db = Database(path)
    cities = ("440300", "440100", "440500")
    members = [f"M{i}" for i in range(1, 11)]
    with db.write() as con:
        for i, member in enumerate(members):
            con.execute(
                "INSERT INTO members (member_id, name_en, city_code, sector_code, record_key) "
                "VALUES ($m, $m, $c, 'S0201', $k)",
                {"m": member, "c": cities[i % 3], "k": rng.randrange(2**31)},
            )
        for i in range(12):
            case_id = f"ilnd:1:24-cv-{i:05d}"
            con.execute(
                "INSERT INTO cases (case_id, court, docket_number, filed_on, plaintiff, brand, law_firm, ip_type, "
                "case_kind, sector_code) VALUES ($id, $court, $no, $filed, $brand, $brand, $firm, $ip, $kind, $sector)",
                {
                    "id": case_id, "court": ("ilnd", "nysd")[i % 2], "no": f"1:24-cv-{i:05d}",
                    "filed": MONTHS[i // 2].replace(day=5 + 15 * (i % 2)), "brand": ("Alpha", "Beta", "Gamma")[i % 3],
                    "firm": ("Firm A", "Firm B")[i // 3 % 2], "ip": ("trademark", "copyright")[i // 2 % 2],
                    "kind": ("schedule_a", "individual")[i // 4 % 2], "sector": ("S0101", "S0201", "S0301")[i % 3],
                },
            )  # fmt: skip
            sued = rng.sample(members, rng.choice((3, 4))) + [None] * rng.choice((1, 2))
            for number, member in enumerate(sued, start=1):
                con.execute(
                    "INSERT INTO defendants (case_id, defendant_no, store_name, platform, member_id, city_code, "
                    "outcome, frozen_usd, record_key) VALUES ($case, $no, $store, $platform, $member, $city, "
                    "$outcome, $frozen, $key)",
                    {
                        "case": case_id, "no": number, "store": f"store {i}-{number}", "member": member,
                        "platform": rng.choice(("amazon", "temu")),
                        "city": cities[members.index(member) % 3] if member else None,
                        "outcome": rng.choice(("pending", "tro", "default_judgment", "settled", "dismissed")),
                        "frozen": 0 if rng.random() < 0.15 else rng.randrange(1, 200) * 50,
                        "key": rng.randrange(2**31),
                    },
                )  # fmt: skip
        bump_data_version(con)
    return db


def views() -> Iterator[Filters]:
    """Every window of whole months, under no filter field, each field alone and every two fields
    together (each with every value), with and without member defendants only."""
    settings = [(field, value) for field, values in FIELDS.items() for value in values]
    combinations: list[tuple[tuple[str, str], ...]] = [()]
    combinations += [(s,) for s in settings]
    combinations += [(a, b) for a, b in itertools.combinations(settings, 2) if a[0] != b[0]]
    for start, end in itertools.combinations_with_replacement(range(len(MONTHS)), 2):
        last = (pd.Timestamp(MONTHS[end]) + pd.offsets.MonthEnd(0)).date()
        for combination, members_only in itertools.product(combinations, (False, True)):
            chosen = {field: (value,) for field, value in combination}
            yield Filters(date_from=MONTHS[start], date_to=last, members_only=members_only, **chosen)


@dataclass(frozen=True)
class Facts:
    """The attack fixture's fact rows: who each row belongs to, its amount and its factor, and for
    every column a view filters on, the rows holding each value (as bits of an int)."""

    rows: list[Row]
    owner: dict[Row, str | None]
    frozen: dict[Row, float]
    factor: dict[Row, float]
    outcome: dict[Row, str]
    filed_on: list[dt.date]
    bits: dict[str, dict[object, int]]

    @classmethod
    def read(cls, db: Database) -> Facts:
        frame = db.sql("SELECT * FROM defendant_facts WHERE defendant_no IS NOT NULL")
        rows = [(str(c), int(n)) for c, n in zip(frame["case_id"], frame["defendant_no"], strict=True)]
        bits: dict[str, dict[object, int]] = {}
        for column in [*COLUMN.values(), "sector_top", "member_id"]:
            bits[column] = collections.defaultdict(int)
            for position, value in enumerate(frame[column]):
                bits[column][value if isinstance(value, str) else None] |= 1 << position
        return cls(
            rows,
            {r: m if isinstance(m, str) else None for r, m in zip(rows, frame["member_id"], strict=True)},
            dict(zip(rows, frame["frozen_usd"].astype(float), strict=True)),
            dict(zip(rows, frame["amount_factor"].astype(float), strict=True)),
            dict(zip(rows, frame["outcome"].astype(str), strict=True)),
            [day.date() for day in pd.to_datetime(frame["filed_on"])],
            bits,
        )

    def select(self, filters: Filters) -> int:
        """The rows filtered_facts() selects for ``filters``, as bits (member_cells checks them)."""
        selected = sum(1 << i for i, day in enumerate(self.filed_on) if filters.date_from <= day <= filters.date_to)
        for field, column in COLUMN.items():
            values = getattr(filters, field)
            if values:
                matched = 0
                for value in values:
                    matched |= self.bits[column].get(value, 0)
                    if field == "sectors":
                        matched |= self.bits["sector_top"].get(value, 0)
                selected &= matched
        if filters.members_only:
            selected &= ~self.bits["member_id"].get(None, 0)
        return selected

    def of(self, selected: int) -> frozenset[Row]:
        return frozenset(row for i, row in enumerate(self.rows) if selected >> i & 1)

    def exact(self, rows: frozenset[Row]) -> dict[str, Any]:
        """The KPI row of ``rows`` as staff see it, worked out from the rows themselves (checked
        against overview/kpis on a sample of the cells by member_cells)."""
        decided = [r for r in rows if self.outcome[r] in ("default_judgment", "settled", "dismissed", "won")]
        defaults = [r for r in decided if self.outcome[r] == "default_judgment"]
        return {
            "cases": len({case for case, _ in rows}),
            "defendant_instances": len(rows),
            "members_affected": len({self.owner[r] for r in rows} - {None}),
            "frozen_usd": sum(self.frozen[r] for r in rows),
            "default_share": len(defaults) / len(decided) if decided else None,
        }


@dataclass(frozen=True)
class Cell:
    """A KPI row a member sees: as shown to it, as it truly is, and the rows it is made of."""

    shown: dict[str, float]
    exact: dict[str, float]
    rows: frozenset[Row]


CHECKED = 8  # one set of rows in CHECKED is read back through the queries (member_cells)


def member_cells(db: Database, facts: Facts) -> list[Cell]:
    """Every KPI row the attacker is shown (>= 3 members) over views(), once per set of rows:
    the same rows always make the same row, whatever filters select them. The rows a view selects
    and their exact figures are worked out from the facts (Facts.select, Facts.exact); on every
    CHECKED-th set, the rows filtered_facts() returns and the staff's overview/kpis are read and
    must agree. A set of fewer than 3 members must be suppressed; it is asked for on that sample
    only (each query costs ~10 ms of planning, and there are ~1,000 sets)."""
    chosen: dict[int, Filters] = {}
    for filters in views():
        chosen.setdefault(facts.select(filters), filters)
    cells = []
    for number, (selected, filters) in enumerate(chosen.items()):
        rows = facts.of(selected)
        exact = facts.exact(rows)
        checked = number % CHECKED == 0
        if checked:
            found = db.sql(
                "SELECT case_id, defendant_no FROM filtered_facts($date_from, $date_to, $cities, $sectors, "
                "$platforms, $ips, $kinds, $courts, $brands, $firms, $members_only) WHERE defendant_no IS NOT NULL",
                filters.params(),
            )
            assert frozenset(zip(found["case_id"], found["defendant_no"].astype(int), strict=True)) == rows
            staff = kpis(db, filters, SYSTEM)
            assert {k: staff[k] for k in exact if k != "default_share"} == {
                k: v for k, v in exact.items() if k != "default_share"
            }
            share = exact["default_share"]
            assert pd.isna(staff["default_share"]) if share is None else staff["default_share"] == pytest.approx(share)
        elif exact["members_affected"] < 3:
            continue
        shown = kpis(db, filters, Scope("member", member_id=ATTACKER))
        if pd.isna(shown["members_affected"]):
            assert exact["members_affected"] < 3
            continue
        cells.append(Cell(shown, exact, rows))
    return cells


@dataclass(frozen=True)
class Attack:
    """A member's difference of two views it is shown, one holding the other, that isolates one or
    two other members."""

    rows: frozenset[Row]  # the difference
    others: frozenset[str]
    counts_recovered: tuple[str, ...]  # counts whose difference equals the true one
    counts_at_one: tuple[str, ...]  # counts that are truly 1 in either view (the floor at 0 merges -1 and 0)
    amount: float  # the other members' true frozen total in the difference
    estimate: float  # the attacker's estimate of it

    def missed_by(self) -> float:
        """How far the estimate is from the amount, relative to it."""
        return abs(self.estimate - self.amount) / self.amount


@dataclass(frozen=True)
class AttackFixture:
    db: Database
    facts: Facts
    cells: list[Cell]


@pytest.fixture(scope="module", params=SEEDS)
def attack(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[AttackFixture]:
    db = build_attack_fixture(str(tmp_path_factory.mktemp("attack") / "attack.duckdb"), request.param)
    facts = Facts.read(db)
    yield AttackFixture(db, facts, member_cells(db, facts))
    db.close()


def attacks(facts: Facts, cells: list[Cell], *, figures: str = "shown") -> list[Attack]:
    """Every pair of cells A containing B whose difference holds rows of one or two members besides
    the attacker. The attacker subtracts what it knows of the difference - its own rows' amounts
    times its own factor (learnt by isolating itself), every non-member row's amount (public
    dockets) - and takes what is left for the other members' total. ``figures="exact"`` replays
    the attack on exact figures, as the small-cell rule alone left them."""
    found = []
    for big, small in itertools.permutations(cells, 2):
        if not small.rows < big.rows:
            continue
        diff = big.rows - small.rows
        others = frozenset(facts.owner[r] for r in diff) - {None, ATTACKER}
        if not 1 <= len(others) <= 2:
            continue
        a, b = getattr(big, figures), getattr(small, figures)
        recovered = tuple(c for c in COUNTS if a[c] - b[c] == big.exact[c] - small.exact[c])
        at_one = tuple(c for c in COUNTS if 1 in (big.exact[c], small.exact[c]))
        own_factor = (
            1.0
            if figures == "exact"
            else next(iter({facts.factor[r] for r in facts.owner if facts.owner[r] == ATTACKER}))
        )
        known = sum(
            facts.frozen[r] * (own_factor if facts.owner[r] == ATTACKER else 1)
            for r in diff
            if facts.owner[r] in (None, ATTACKER)
        )
        amount = sum(facts.frozen[r] for r in diff if facts.owner[r] in others)
        found.append(Attack(diff, others, recovered, at_one, amount, a["frozen_usd"] - b["frozen_usd"] - known))
    return found


def contributors(facts: Facts, rows: frozenset[Row]) -> collections.Counter[object]:
    """Rows per contributor (a member, or a non-member row on its own)."""
    return collections.Counter(facts.owner[r] or r for r in rows)


def test_every_shown_figure_is_near_the_truth(attack: AttackFixture) -> None:
    attack_db, facts, cells = attack.db, attack.facts, attack.cells
    assert len(cells) > 200
    for cell in cells:
        assert cell.exact["members_affected"] >= 3  # small cells stay suppressed
        for count in COUNTS:
            assert abs(cell.shown[count] - cell.exact[count]) <= 2 and cell.shown[count] >= 0
        factors = [facts.factor[r] for r in cell.rows]
        assert min(factors) >= 0.5 and max(factors) <= 1.5
        assert 0.5 * cell.exact["frozen_usd"] - 1 <= cell.shown["frozen_usd"] <= 1.5 * cell.exact["frozen_usd"] + 1
    # a month's row of the trend, a city's row of the ranking: the same cells, the same figures
    window = Filters(date_from=MONTHS[0], date_to=dt.date(2024, 6, 30))
    member = Scope("member", member_id=ATTACKER)
    for month in overview(attack_db, "overview/monthly", window, member).dropna().itertuples(index=False):
        end = (pd.Timestamp(month.month) + pd.offsets.MonthEnd(0)).date()
        shown = kpis(attack_db, window.with_values(date_from=month.month.date(), date_to=end), member)
        assert [shown[c] for c in COUNTS] == [month.cases, month.defendant_instances, month.members_affected]
    for city in overview(attack_db, "overview/top_cities", window, member).itertuples(index=False):
        shown = kpis(attack_db, window.with_values(cities=(city.city_code,)), member)
        assert [shown[c] for c in COUNTS] == [city.cases, city.defendant_instances, city.members_affected]


def test_the_attack_recovers_everything_from_exact_figures(attack: AttackFixture) -> None:
    """The fixture's differences are real attacks: with the small-cell rule alone (exact figures
    for every cell of 3 or more members) each recovers the other members' counts and amount."""
    found = attacks(attack.facts, attack.cells, figures="exact")
    assert len(found) > 500
    assert all(attack.counts_recovered == COUNTS for attack in found)
    assert all(attack.estimate == pytest.approx(attack.amount) for attack in found)


def test_the_differencing_attack_fails_against_a_members_view(attack: AttackFixture) -> None:
    facts = attack.facts
    found = attacks(facts, attack.cells)
    assert len(found) > 500
    # Amounts: where the difference holds one other member and no non-member row, the attacker
    # gets that member's amount times its fixed factor - 30-50% off, every time.
    one = [a for a in found if len(a.others) == 1 and a.amount > 0 and None not in map(facts.owner.get, a.rows)]
    assert len(one) > 100
    for attack in one:
        (other,) = attack.others
        factor = next(facts.factor[r] for r in attack.rows if facts.owner[r] == other)
        assert attack.estimate == pytest.approx(attack.amount * factor, abs=1.5)
        assert attack.missed_by() > 0.25
    # Counts: where the difference is up to 4 rows of one contributor (a member or a non-member row)
    # or one row each of two, every count's difference is wrong - unless the count is 1 in one of
    # the views, where the floor at 0 shows both 1 - 2 and 1 - 1 as 0.
    small = [
        a for a in found
        if sorted(contributors(facts, a.rows).values()) in ([1], [2], [3], [4], [1, 1])
    ]  # fmt: skip
    assert len(small) > 50
    assert [a for a in small if set(a.counts_recovered) - set(a.counts_at_one)] == []
    # Elsewhere the protection is statistical (docs/privacy.md). One other member with non-member
    # rows beside it: their factors' noise adds to its own and can cancel it, so some estimates land
    # near by chance (the attacker cannot tell which; the members-only view gives it no more than
    # the amount times the factor). Counts: differences of more rows have about a 1 in 5 chance to
    # keep their noise.
    single = [a for a in found if len(a.others) == 1 and a.amount > 0]
    assert sum(a.missed_by() <= 0.25 for a in single) < 0.15 * len(single)
    for count in COUNTS:
        assert sum(count in a.counts_recovered for a in found) < 0.25 * len(found)


# --- how a member sees it: marked approximate ---------------------------------------------------

role_db = roles.role_db  # a fixture


def test_perturbed_figures_are_marked() -> None:
    assert Kpi.of("x", "count", 1234, approximate=True).shown() == "≈1,234"
    assert Kpi.of("x", "share", 0.5, approximate=True).shown() == "≈50.0%"
    assert Kpi.of("x", "count", None, approximate=True).shown() == "—"
    assert Kpi.of("x", "count", 1234).shown() == "1,234"
    labels = blocks.column_labels("en", ["month", "cases", "members_affected"], approximate=True)
    assert labels == {"month": "Month", "cases": "≈ Cases", "members_affected": "≈ Members affected"}
    ranked = pd.DataFrame({"brand": ["Alpha"], "defendant_instances": [12]})
    bars = ranked_bars(ranked, label="brand", value="defendant_instances", lang="en", title="", approximate=True)
    assert bars.data[0].texttemplate == "≈%{x:,d}" and "≈" in bars.data[0].hovertemplate
    exact = ranked_bars(ranked, label="brand", value="defendant_instances", lang="en", title="")
    assert exact.data[0].texttemplate is None and exact.data[0].hovertemplate is None
    monthly = pd.DataFrame({"month": pd.to_datetime(["2024-01-01"]), "cases": [3], "defendant_instances": [5]})
    trend = monthly_trend(monthly, "en", "", approximate=True)
    assert all("≈" in trace.hovertemplate for trace in trend.data)


@pytest.mark.parametrize(("email", "marked"), [("m1@example.com", True), ("a1@example.com", False)])
def test_the_overview_marks_a_members_figures(role_db: str, email: str, marked: bool) -> None:
    at = roles.open_as("overview", email, **{"from": "2024-01-01", "to": "2024-03-31", "lang": "en"})
    assert not at.exception
    values = {metric.label: str(metric.value) for metric in at.metric}
    assert values["Members affected"] == ("≈4" if marked else "3")
    assert all(value.startswith("≈") == marked for value in values.values())
    assert (t("auth.perturbed", "en") in [str(c.value) for c in at.sidebar.caption]) == marked
