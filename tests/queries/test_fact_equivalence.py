"""The page queries rewritten for issue 22 (case_first, event dates in defendant_facts, the
monthly cells of fact_cells) give exactly the answers of the fact-table queries they replace
(tests/queries/reference/), over random filter combinations on a small demo database and on the
tiny fixture, for staff and for a member where a member may run the query; and still after
imports of events and of defendants, which refresh the touched cases' fact rows and the cells of
their months only. About a third of the combinations are of the kind the cells serve (whole
months, no filter but IP type), and the tests check that some of those were drawn."""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path
from typing import Any

import pandas as pd
import pytest

from casewatch.access import CELLS_TWIN, SYSTEM, Scope, allowed_roles, bind
from casewatch.cases import TableRequest
from casewatch.db import Database
from casewatch.demo import build_demo
from casewatch.facts import bump_data_version
from casewatch.filters import Filters, add_months, month_end
from casewatch.ingest import import_files
from casewatch.sql import load_sql
from tests.support import templates

REFERENCE = Path(__file__).parent / "reference"
COMBINATIONS = 40


def _cutoff(db: Database) -> object:
    return db.query("lifecycle/cutoff").iloc[0, 0]


# query -> its parameters beyond the filters (a function of the database and the filters)
EXTRA: dict[str, Any] = {
    "overview/kpis": lambda db, f: {},
    "overview/monthly": lambda db, f: {},
    "overview/top_brands": lambda db, f: {"limit": 12},
    "overview/top_cities": lambda db, f: {"limit": 12},
    "overview/top_sectors": lambda db, f: {"limit": 12},
    "sectors/tree": lambda db, f: {},
    "sectors/ip_matrix": lambda db, f: {},
    "sectors/monthly": lambda db, f: {"limit": 6},
    "trends/monthly": lambda db, f: {},
    "trends/stacked": lambda db, f: {
        "dimension": random.Random(str(f)).choice(["court", "platform", "ip_type", "case_kind"]),
        "limit": 3,
    },
    "trends/new_parties": lambda db, f: {},
    "parties/leaderboard": lambda db, f: {
        "by": random.Random(str(f)).choice(["brand", "law_firm"]),
        "limit": 8,
        "prev_from": f.previous_period().date_from,
        "prev_to": f.previous_period().date_to,
    },
    "lifecycle/milestones": lambda db, f: {
        "split": random.Random(str(f)).choice(["none", "court", "law_firm", "ip_type"]),
        "limit": 2,
        "cutoff": _cutoff(db),
    },
    "lifecycle/outcomes": lambda db, f: {"cutoff": _cutoff(db)},
    "cases/table": lambda db, f: _table_request(db, random.Random(str(f))),
}


def _table_request(db: Database, rng: random.Random) -> dict[str, Any]:
    """A search of one or two words (from store names, seller ids, brands, docket numbers) or
    none, in a random sort, one page."""
    text = db.sql(
        "SELECT store_name, seller_id, brand, docket_number FROM defendant_facts"
        " ORDER BY hash(case_key, defendant_no, $seed) LIMIT 1",
        {"seed": rng.randint(0, 10**6)},
    ).iloc[0]
    words = [str(value).split()[0][:4] for value in text if value is not None and str(value).strip()]
    terms = rng.sample(words, min(len(words), rng.randint(0, 2)))
    request = TableRequest(
        " ".join(terms),
        sort=rng.choice(["filed_on", "store_name", "frozen_usd", "brand"]),
        descending=rng.random() < 0.5,
    )
    return request.params(limit=rng.choice([20, None]), offset=rng.choice([0, 20]))


def build_small_demo(path: str) -> None:
    build_demo(path, seed=11, scale=0.03, until=dt.date(2026, 11, 1))


@pytest.fixture(scope="module")
def demo_db(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Database]:
    folder = tmp_path_factory.mktemp("equivalence")
    db = Database(templates.copy_of("demo_0_03", build_small_demo, folder / "demo.duckdb"), read_only=True)
    yield db
    db.close()


def vocabulary(db: Database) -> dict[str, list[Any]]:
    def values(column: str) -> list[Any]:
        # column names come from the fixed list below, never from input
        frame = db.sql(f"SELECT DISTINCT {column} FROM defendant_facts WHERE {column} IS NOT NULL ORDER BY 1")
        return list(frame.iloc[:, 0])

    return {
        "cities": values("city_code"),
        "sectors": values("sector_code") + values("sector_top"),
        "platforms": values("platform"),
        "ips": values("ip_type"),
        "kinds": values("case_kind"),
        "courts": values("court"),
        "brands": values("brand"),
        "firms": values("law_firm"),
        "dates": [pd.Timestamp(day).date() for day in values("filed_on")],
        "members": values("member_id"),
    }


def cells_apply(filters: Filters) -> bool:
    """Whether the monthly cells serve these filters for staff, worked out here on its own."""
    listed = (filters.cities, filters.sectors, filters.platforms, filters.kinds, filters.courts, filters.brands,
              filters.firms)
    return (filters.date_from.day == 1 and filters.date_to == month_end(filters.date_to)
            and not any(listed) and not filters.members_only)


def random_filters(vocab: dict[str, list[Any]], rng: random.Random) -> Filters:
    dates = vocab["dates"]
    if rng.random() < 0.35:  # what the monthly cells serve: whole months, at most an IP type filter
        start, end = sorted(rng.sample(dates, 2))
        ips = tuple(rng.sample(vocab["ips"], rng.randint(1, 2))) if rng.random() < 0.4 else ()
        return Filters(date_from=add_months(start, 0) if rng.random() < 0.8 else dt.date(2000, 1, 1),
                       date_to=month_end(end), ips=ips)
    if rng.random() < 0.3:
        start, end = dt.date(2000, 1, 1), dates[-1]
    else:
        start, end = sorted(rng.sample(dates, 2))
    chosen: dict[str, tuple[str, ...]] = {}
    for name in ("cities", "sectors", "platforms", "ips", "kinds", "courts", "brands", "firms"):
        if rng.random() < 0.25 and vocab[name]:
            chosen[name] = tuple(rng.sample(vocab[name], min(len(vocab[name]), rng.randint(1, 3))))
    return Filters(date_from=start, date_to=end, members_only=rng.random() < 0.2, **chosen)


def answers(db: Database, name: str, scope: Scope, params: dict[str, Any]) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The query's answer as the pages get it (bind: its cells twin when that applies) and the
    answer of its earlier text (tests/queries/reference/), else of its own fact-table text."""
    text, bound = bind(name, scope, params)
    earlier = REFERENCE / f"{name.replace('/', '_')}.sql"
    reference = earlier.read_text(encoding="utf-8") if earlier.is_file() else load_sql(name)
    # each text gets the parameters it names (the earlier staff-only texts did not name the viewer)
    full = {**params, "viewer_member": scope.viewer_member}
    return db.sql(text, bound), db.sql(reference, {key: value for key, value in full.items() if f"${key}" in reference})


def assert_same_answers(db: Database, filters: Filters, member: str) -> bool:
    """Asserts every query agrees with its reference; returns whether the cells served staff."""
    served = cells_apply(filters)
    for name, extra in EXTRA.items():
        params = {**filters.params(), **extra(db, filters)}
        text, _ = bind(name, SYSTEM, params)
        assert (name in CELLS_TWIN and text == load_sql(CELLS_TWIN[name])) == (served and name in CELLS_TWIN), name
        scopes = [SYSTEM] + ([Scope("member", member_id=member)] if "member" in allowed_roles(load_sql(name)) else [])
        for scope in scopes:
            got, expected = answers(db, name, scope, params)
            pd.testing.assert_frame_equal(got, expected, obj=f"{name} as {scope.role} with {filters}")
    return served


def test_reference_covers_every_rewritten_query() -> None:
    assert {p.stem for p in REFERENCE.glob("*.sql")} <= {name.replace("/", "_") for name in EXTRA}
    assert set(CELLS_TWIN) <= set(EXTRA)


def test_unfiltered_views_agree(demo_db: Database) -> None:
    vocab = vocabulary(demo_db)
    last = vocab["dates"][-1]
    for start in (dt.date(2000, 1, 1), last - dt.timedelta(days=365)):
        assert not assert_same_answers(demo_db, Filters(date_from=start, date_to=last), vocab["members"][0])
    # the page's defaults, which the cells serve: the last 12 months and all dates, in whole months
    for start in (dt.date(2000, 1, 1), add_months(last, -11)):
        assert assert_same_answers(demo_db, Filters(date_from=start, date_to=month_end(last)), vocab["members"][0])


@pytest.mark.parametrize("seed", range(4))
def test_random_filter_combinations_agree(demo_db: Database, seed: int) -> None:
    vocab = vocabulary(demo_db)
    rng = random.Random(seed)
    served = [assert_same_answers(demo_db, random_filters(vocab, rng), rng.choice(vocab["members"]))
              for _ in range(COMBINATIONS // 4)]
    assert 0 < sum(served) < len(served)  # both paths were taken


def test_tiny_fixture_agrees(tiny_db: Database) -> None:
    vocab = vocabulary(tiny_db)
    rng = random.Random(7)
    assert_same_answers(tiny_db, Filters(date_from=dt.date(2000, 1, 1), date_to=dt.date(2030, 1, 1)), "M1")
    for _ in range(10):
        assert_same_answers(tiny_db, random_filters(vocab, rng), "M1")


def test_answers_follow_imported_events_and_defendants(tiny_db: Database, tmp_path: Path) -> None:
    # one case per file: each import touches few enough cases to refresh their fact rows only
    for number, rows in enumerate(
        (
            "ilnd:1:24-cv-00001,2024-02-01,tro,,\nilnd:1:24-cv-00001,2024-03-05,default_judgment,1,\n",
            "ilnd:1:24-cv-00002,2024-04-10,dismissed,,\nilnd:1:24-cv-00002,2024-04-20,closed,,\n",
        )
    ):
        events = tmp_path / f"events{number}.csv"
        events.write_text("case_id,event_on,kind,defendant_no,detail\n" + rows, encoding="utf-8")
        import_files(tiny_db, [str(events)], kind="events")
    listing = tmp_path / "list.csv"
    listing.write_text(
        "case_id,defendant_no,store_name,platform,seller_id,member_id,city_code,outcome\n"
        "ilnd:1:24-cv-00005,1,BingDing Fashion,amazon,A2BINGDING02,M2,440100,settled\n",
        encoding="utf-8",
    )
    import_files(tiny_db, [str(listing)], kind="defendants")
    everything = Filters(date_from=dt.date(2000, 1, 1), date_to=dt.date(2030, 1, 1))
    assert not assert_same_answers(tiny_db, everything, "M1")
    assert assert_same_answers(tiny_db, replace(everything, date_to=dt.date(2029, 12, 31)), "M1")  # the cells
    assert tiny_db.meta("facts_runs") == "3"  # each refreshed the touched case only
    rng = random.Random(3)
    vocab = vocabulary(tiny_db)
    for _ in range(10):
        assert_same_answers(tiny_db, random_filters(vocab, rng), "M2")


def test_cells_agree_where_codes_are_missing(tiny_db: Database) -> None:
    # cases without an IP type, a brand or a sector, and a defendant of unknown city: each is a
    # cell of its own (NULL codes) that the twins must count as the fact-table queries do
    cur = tiny_db.cursor()
    try:
        cur.execute("BEGIN")
        cur.execute("UPDATE cases SET ip_type = NULL WHERE case_id = 'ilnd:1:24-cv-00001'")
        cur.execute("UPDATE cases SET brand = NULL, sector_code = NULL WHERE case_id = 'ilnd:1:24-cv-00002'")
        cur.execute("UPDATE defendants SET city_code = NULL, sector_code = NULL WHERE case_id = 'flsd:0:24-cv-00003'")
        bump_data_version(cur)
        cur.execute("COMMIT")
    finally:
        cur.close()
    assert tiny_db.sql("SELECT count(*) FROM fact_cells WHERE level = 15 AND ip_type IS NULL").iat[0, 0] == 1
    vocab = vocabulary(tiny_db)
    for start, end in ((dt.date(2000, 1, 1), dt.date(2029, 12, 31)), (dt.date(2024, 1, 1), dt.date(2024, 2, 29))):
        for ips in ((), ("trademark",), ("copyright", "design_patent")):
            assert assert_same_answers(tiny_db, Filters(date_from=start, date_to=end, ips=ips), "M1")
    rng = random.Random(5)
    for _ in range(6):
        assert_same_answers(tiny_db, random_filters(vocab, rng), "M1")


def test_a_brand_with_two_plaintiffs_names_the_same_one_on_every_view(tiny_db: Database) -> None:
    # Alpha's cases: 24-cv-00001 (2024-01-10) and 24-cv-00003 (2024-02-20). With two plaintiffs,
    # the whole-month view (the cells) and a mid-month view (the fact table) both name the least
    # one, "Alpha Inc", and not whichever row a scan happens to meet first.
    cur = tiny_db.cursor()
    try:
        cur.execute("BEGIN")
        cur.execute("UPDATE cases SET plaintiff = 'Zulu Ltd' WHERE case_id = 'ilnd:1:24-cv-00001'")
        bump_data_version(cur)
        cur.execute("COMMIT")
    finally:
        cur.close()
    views = {
        "cells": Filters(date_from=dt.date(2024, 1, 1), date_to=dt.date(2024, 3, 31)),
        "facts": Filters(date_from=dt.date(2024, 1, 5), date_to=dt.date(2024, 3, 31)),
    }
    for name, filters in views.items():
        assert cells_apply(filters) == (name == "cells")
        got, _ = answers(tiny_db, "overview/top_brands", SYSTEM, {**filters.params(), "limit": 12})
        assert dict(zip(got["brand"], got["plaintiff"], strict=True))["Alpha"] == "Alpha Inc", name
    # a view of January alone has only the Zulu case
    january = Filters(date_from=dt.date(2024, 1, 1), date_to=dt.date(2024, 1, 31))
    got, _ = answers(tiny_db, "overview/top_brands", SYSTEM, {**january.params(), "limit": 12})
    assert dict(zip(got["brand"], got["plaintiff"], strict=True))["Alpha"] == "Zulu Ltd"
