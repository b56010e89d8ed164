"""Every overview query against the tiny fixture; expected values worked out by hand from
tests/fixtures/tiny/*.csv (see the comments for the arithmetic)."""

from __future__ import annotations

import datetime as dt

import pytest

from casewatch.db import Database
from casewatch.facts import bump_data_version
from casewatch.filters import Filters

Q1 = Filters(date_from=dt.date(2024, 1, 1), date_to=dt.date(2024, 3, 31))


def kpis(db: Database, filters: Filters) -> dict[str, object]:
    return db.query("overview/kpis", **filters.params()).iloc[0].to_dict()


def test_kpis_for_first_quarter(tiny_db: Database) -> None:
    row = kpis(tiny_db, Q1)
    # cases C1, C2, C3, C5 (C4 was filed in 2023); C5 has no defendant listed yet
    assert row["cases"] == 4
    # C1: 3, C2: 2, C3: 1
    assert row["defendant_instances"] == 6
    # M1 (C1, C2, C3), M3 (C1), M2 (C2)
    assert row["members_affected"] == 3
    # 1000 + 500 + 200 + 0 + 300 + 100
    assert row["frozen_usd"] == 2100
    # decided: dj, settled, dj (C1), dismissed (C2), settled (C3) -> 2 of 5; pending is undecided
    assert row["default_share"] == pytest.approx(0.4)


def test_kpis_previous_period(tiny_db: Database) -> None:
    previous = Q1.previous_period()
    # 91 days (Jan 31 + Feb 29 + Mar 31) just before 2024-01-01
    assert (previous.date_from, previous.date_to) == (dt.date(2023, 10, 2), dt.date(2023, 12, 31))
    row = kpis(tiny_db, previous)
    # only C4: two defendants, member M4, frozen 50 + 25, both default judgments
    assert (row["cases"], row["defendant_instances"], row["members_affected"]) == (1, 2, 1)
    assert row["frozen_usd"] == 75
    assert row["default_share"] == 1.0


@pytest.mark.parametrize(
    ("changes", "expected"),
    [
        # Shenzhen: s1 (C1), s5 (C2), s6 (C3), all M1; frozen 1000 + 300 + 100
        ({"cities": ("440300",)}, (3, 3, 1, 1400)),
        # unknown city: the non-member Walmart store of C1
        ({"cities": ("000000",)}, (1, 1, 0, 200)),
        # member defendants only: drops s3 of C1 and the empty C5
        ({"members_only": True}, (3, 5, 3, 1900)),
        # top-level sector S02 covers subsector S0201: C1 and C3
        ({"sectors": ("S02",)}, (2, 4, 2, 1800)),
        ({"sectors": ("S0201",)}, (2, 4, 2, 1800)),
        # Beta: C2 (2 defendants) and C5 (none)
        ({"brands": ("Beta",)}, (2, 2, 2, 300)),
        # Amazon stores: s1 (C1), s4 and s5 (C2)
        ({"platforms": ("amazon",)}, (2, 3, 2, 1300)),
        ({"ips": ("copyright",)}, (2, 2, 2, 300)),
        ({"kinds": ("individual",)}, (1, 1, 1, 100)),
        ({"courts": ("flsd",)}, (1, 1, 1, 100)),
        ({"firms": ("Firm A",)}, (2, 4, 2, 1800)),
        ({"cities": ("440300", "440500")}, (3, 4, 2, 1900)),
    ],
)
def test_kpis_under_each_filter(tiny_db: Database, changes: dict[str, object], expected: tuple[int, ...]) -> None:
    row = kpis(tiny_db, Q1.with_values(**changes))
    assert (row["cases"], row["defendant_instances"], row["members_affected"], row["frozen_usd"]) == expected


def test_default_share_zero_when_decided_without_default(tiny_db: Database) -> None:
    # flsd: C3 only, one defendant settled -> one decided, no default judgment: 0 of 1, not NULL
    row = kpis(tiny_db, Q1.with_values(courts=("flsd",)))
    assert row["default_share"] == 0.0


def test_kpis_of_an_empty_selection(tiny_db: Database) -> None:
    row = kpis(tiny_db, Q1.with_values(brands=("No Such Brand",)))
    assert (row["cases"], row["defendant_instances"], row["members_affected"], row["frozen_usd"]) == (0, 0, 0, 0)
    assert row["default_share"] is None or row["default_share"] != row["default_share"]  # NULL -> None/NaN


def test_member_ids_outside_the_register_still_count(tiny_db: Database) -> None:
    # a defendant may carry a member id the register does not hold (yet); it is still a member
    with tiny_db.write() as con:
        con.execute("UPDATE defendants SET member_id = 'M9' WHERE store_name = 'Random Shop'")
        bump_data_version(con)
    row = kpis(tiny_db, Q1)
    # M1, M2, M3 as before, plus M9 (C1's Walmart store)
    assert row["members_affected"] == 4
    monthly = tiny_db.query("overview/monthly", **Q1.params())
    assert monthly["members_affected"].tolist() == [3, 2, 0]


def test_monthly_fills_empty_months(tiny_db: Database) -> None:
    monthly = tiny_db.query("overview/monthly", **Q1.params())
    assert monthly["month"].dt.strftime("%Y-%m").tolist() == ["2024-01", "2024-02", "2024-03"]
    assert monthly["cases"].tolist() == [1, 2, 1]
    assert monthly["defendant_instances"].tolist() == [3, 3, 0]
    assert monthly["members_affected"].tolist() == [2, 2, 0]


def test_top_cities_keep_unknown_and_other_provinces(tiny_db: Database) -> None:
    cities = tiny_db.query("overview/top_cities", **Q1.params(), limit=10)
    assert cities["city_code"].tolist() == ["440300", "000000", "440100", "440500"]
    assert cities["defendant_instances"].tolist() == [3, 1, 1, 1]
    assert cities["members_affected"].tolist() == [1, 0, 1, 1]
    assert cities["cases"].tolist() == [3, 1, 1, 1]
    assert cities.loc[0, "name_zh"] == "深圳"
    assert cities.loc[1, "in_guangdong"] == False  # noqa: E712 - numpy bool
    everything = Filters(date_from=dt.date(2023, 1, 1), date_to=dt.date(2024, 12, 31))
    all_cities = tiny_db.query("overview/top_cities", **everything.params(), limit=10)
    assert "330000" in all_cities["city_code"].tolist()  # Zhejiang store of C4 has its own row


def test_top_cities_limit(tiny_db: Database) -> None:
    assert len(tiny_db.query("overview/top_cities", **Q1.params(), limit=2)) == 2


def test_top_sectors_roll_up_to_top_level(tiny_db: Database) -> None:
    sectors = tiny_db.query("overview/top_sectors", **Q1.params(), limit=10)
    assert sectors["sector_code"].tolist() == ["S02", "S01"]
    # S02: C1 (3) + C3 (1); S01: C2 (2) + C5 (0)
    assert sectors["defendant_instances"].tolist() == [4, 2]
    assert sectors["members_affected"].tolist() == [2, 2]
    assert sectors["cases"].tolist() == [2, 2]
    assert sectors.loc[0, "name_en"] == "Toys & Games"


def test_top_brands(tiny_db: Database) -> None:
    brands = tiny_db.query("overview/top_brands", **Q1.params(), limit=10)
    assert brands["brand"].tolist() == ["Alpha", "Beta"]
    assert brands["plaintiff"].tolist() == ["Alpha Inc", "Beta LLC"]
    assert brands["cases"].tolist() == [2, 2]
    assert brands["defendant_instances"].tolist() == [4, 2]
    assert brands["members_affected"].tolist() == [2, 2]


def test_filter_options(tiny_db: Database) -> None:
    options = tiny_db.query("filters/options", limit=10)
    brands = options[options["field"] == "brand"]
    # Alpha 2 cases, Beta 2 cases (ties by name), Gamma 1
    assert brands["value"].tolist() == ["Alpha", "Beta", "Gamma"]
    assert brands["cases"].tolist() == [2, 2, 1]
    firms = options[options["field"] == "firm"]
    assert firms["value"].tolist() == ["Firm B", "Firm A"]


def test_reference_vocabulary(tiny_db: Database) -> None:
    vocab = tiny_db.query("reference/vocabulary")
    counts = vocab.groupby("domain").size()
    assert counts["city"] == 30  # 21 Guangdong cities + 7 provinces + other + unknown
    assert counts["ip_type"] == 6
    assert counts["case_kind"] == 6
    assert ((vocab["domain"] == "city") & (vocab["code"] == "445300") & (vocab["name_en"] == "Yunfu")).sum() == 1


def test_data_status_and_version(tiny_db: Database) -> None:
    status = tiny_db.query("meta/data_status").iloc[0]
    assert status["demo"] == False  # noqa: E712
    assert int(status["data_version"]) == tiny_db.data_version() >= 2


def test_meta_round_trip(tiny_db: Database) -> None:
    assert tiny_db.meta("nothing here", "fallback") == "fallback"
    assert len(tiny_db.meta("reference_sha") or "") == 64
