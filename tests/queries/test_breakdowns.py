"""Breakdown queries (regions, sectors, trends, parties, lifecycle) against the tiny fixture.

Expected values are worked out by hand from tests/fixtures/tiny/*.csv. The rows that matter, in
the first quarter of 2024 (Q1): C1 (Alpha, Firm A, ilnd, trademark, S0201, filed 01-10) with
defendants s1 M1 Shenzhen/amazon/dj, s2 M3 Shantou/temu/settled, s3 no member/unknown city/walmart/dj;
C2 (Beta, Firm B, ilnd, copyright, S0101, 02-15) with s4 M2 Guangzhou/amazon/dismissed and
s5 M1 Shenzhen/amazon/pending; C3 (Alpha, Firm A, flsd, individual, S0201, 02-20) with s6 M1
Shenzhen/ebay/settled; C5 (Beta, Firm B, ilnd, 03-01) without defendants. C4 (Gamma, Firm B,
nysd, S0301, 2023-12-05) has s7 M4 Shenzhen and s8 a Zhejiang (330000) store. Registered members:
Shenzhen 2 (M1, M4), Guangzhou 1 (M2), Shantou 1 (M3). Data cut-off: 2024-05-01 (C1's closing).
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Iterator
from pathlib import Path

import duckdb
import pandas as pd
import pytest

from casewatch import lifecycle
from casewatch.db import Database
from casewatch.facts import bump_data_version
from casewatch.filters import Filters
from tests.support.databases import FIXTURES, load_csv_tables

Q1 = Filters(date_from=dt.date(2024, 1, 1), date_to=dt.date(2024, 3, 31))
WITH_DEC = Filters(date_from=dt.date(2023, 12, 1), date_to=dt.date(2024, 3, 31))
CUTOFF = dt.date(2024, 5, 1)


@pytest.fixture(scope="module")
def tiny_db(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Database]:
    """The tiny fixture database, built once for this module: every test here only reads."""
    db = Database(str(tmp_path_factory.mktemp("breakdowns") / "tiny.duckdb"))
    load_csv_tables(db, FIXTURES / "tiny")
    yield db
    db.close()


def rows(frame: pd.DataFrame, key: str) -> dict[str, dict[str, object]]:
    return {str(r[key]): r for r in frame.to_dict("records")}


def none_if_nan(value: object) -> object:
    return None if value is None or (isinstance(value, float) and math.isnan(value)) else value


# --- regions ----------------------------------------------------------------------------------


def test_cities_measures_location_quotient_and_rates(tiny_db: Database) -> None:
    cities = tiny_db.query("regions/cities", **Q1.params())
    # all 21 Guangdong cities (zeros included) plus the unknown location of s3; nothing dropped
    assert len(cities) == 22
    assert cities["in_guangdong"].sum() == 21
    assert cities["defendant_instances"].sum() == 6
    by = rows(cities, "city_code")
    # members hit in Q1: M1 (Shenzhen), M2 (Guangzhou), M3 (Shantou) = 3 of 4 registered
    shenzhen, guangzhou, shantou = by["440300"], by["440100"], by["440500"]
    assert (shenzhen["defendant_instances"], shenzhen["members_affected"], shenzhen["cases"]) == (3, 1, 3)
    assert shenzhen["members"] == 2
    assert shenzhen["members_affected_per_100"] == pytest.approx(50.0)  # 100 * 1 / 2
    assert shenzhen["location_quotient"] == pytest.approx((1 / 3) / (2 / 4))
    assert guangzhou["members_affected_per_100"] == pytest.approx(100.0)
    assert guangzhou["location_quotient"] == pytest.approx((1 / 3) / (1 / 4))
    assert shantou["location_quotient"] == pytest.approx(4 / 3)
    unknown = by["000000"]
    assert (unknown["in_guangdong"], unknown["defendant_instances"], unknown["members"]) == (False, 1, 0)
    assert none_if_nan(unknown["location_quotient"]) is None
    assert none_if_nan(unknown["members_affected_per_100"]) is None
    # a Guangdong city without activity or members: zeros, no rate
    assert by["445300"]["defendant_instances"] == 0 and none_if_nan(by["445300"]["location_quotient"]) is None
    # Guangdong first, by defendant instances; the unknown location last
    assert cities["city_code"].tolist()[:3] == ["440300", "440100", "440500"]
    assert cities["city_code"].iloc[-1] == "000000"


def test_cities_with_december_adds_other_province(tiny_db: Database) -> None:
    by = rows(tiny_db.query("regions/cities", **WITH_DEC.params()), "city_code")
    # C4 adds s7 (M4, Shenzhen) and s8 (Zhejiang): 4 members hit of 4 registered
    assert (by["440300"]["defendant_instances"], by["440300"]["members_affected"]) == (4, 2)
    assert by["440300"]["location_quotient"] == pytest.approx((2 / 4) / (2 / 4))
    assert by["440300"]["members_affected_per_100"] == pytest.approx(100.0)
    assert (by["330000"]["in_guangdong"], by["330000"]["defendant_instances"]) == (False, 1)


def test_districts_of_shenzhen(tiny_db: Database) -> None:
    districts = tiny_db.query("regions/districts", **Q1.params(), city="440300")
    by = rows(districts, "district")
    # 9 reference districts of Shenzhen; s1, s5, s6 are all M1's Longgang (440307)
    assert len(districts) == 9
    assert districts["district"].iloc[0] == "440307"
    longgang = by["440307"]
    assert (longgang["defendant_instances"], longgang["members_affected"], longgang["cases"]) == (3, 1, 3)
    assert longgang["members_affected_per_100"] == pytest.approx(100.0)
    # Nanshan has M4 registered but M4 was not sued in Q1
    assert (by["440305"]["members"], by["440305"]["members_affected_per_100"]) == (1, 0.0)
    assert none_if_nan(by["440303"]["members_affected_per_100"]) is None


def test_districts_unknown_kept_as_empty_code(tiny_db: Database) -> None:
    districts = tiny_db.query("regions/districts", **Q1.params(), city="000000")
    # s3 has no district: one row with district '' rather than nothing
    assert districts[["district", "defendant_instances"]].values.tolist() == [["", 1]]


# --- sectors ----------------------------------------------------------------------------------


def test_sector_tree(tiny_db: Database) -> None:
    tree = tiny_db.query("sectors/tree", **Q1.params())
    got = tree[["sector_top", "sector_code", "defendant_instances", "members_affected", "cases"]].values.tolist()
    # S0201: C1 (3) + C3 (1), members M1 M3; S0101: C2 (2) + C5 (no defendants), members M2 M1
    assert got == [["S02", "S0201", 4, 2, 2], ["S01", "S0101", 2, 2, 2]]
    assert tree["top_name_en"].tolist() == ["Toys & Games", "Apparel & Footwear"]


def test_sector_ip_matrix(tiny_db: Database) -> None:
    matrix = tiny_db.query("sectors/ip_matrix", **WITH_DEC.params())
    got = matrix[["sector_top", "ip_type", "defendant_instances", "cases"]].values.tolist()
    assert got == [["S01", "copyright", 2, 2], ["S02", "trademark", 4, 2], ["S03", "design_patent", 2, 1]]
    assert matrix["ip_name_zh"].tolist() == ["版权", "商标", "外观设计专利"]


def test_sector_top_brands(tiny_db: Database) -> None:
    top = tiny_db.query("sectors/top_brands", **WITH_DEC.params(), limit=1)
    got = top[["sector_top", "sector_rank", "rank", "brand", "plaintiff", "defendant_instances"]].values.tolist()
    # sectors by their defendant instances: S02 (4), then S01 and S03 (2 each, by code)
    assert got == [
        ["S02", 1, 1, "Alpha", "Alpha Inc", 4],
        ["S01", 2, 1, "Beta", "Beta LLC", 2],
        ["S03", 3, 1, "Gamma", "Gamma Co", 2],
    ]
    assert top["members_affected"].tolist() == [2, 2, 1]


def test_sector_monthly_small_multiples(tiny_db: Database) -> None:
    one = tiny_db.query("sectors/monthly", **Q1.params(), limit=1)
    # only the largest sector S02: Jan C1 (3 defendants, M1 M3), Feb C3 (1, M1), Mar nothing
    assert one["sector_top"].unique().tolist() == ["S02"]
    counted = ["defendant_instances", "cases", "members_affected"]
    assert one[counted].values.tolist() == [[3, 1, 2], [1, 1, 1], [0, 0, 0]]
    two = tiny_db.query("sectors/monthly", **Q1.params(), limit=2)
    s01 = two[two["sector_top"] == "S01"]
    # Feb C2 (2 defendants, M2 M1); Mar C5 is a case without defendants
    assert s01[counted].values.tolist() == [[0, 0, 0], [2, 1, 2], [0, 1, 0]]
    assert s01["rank"].unique().tolist() == [2]


# --- trends -----------------------------------------------------------------------------------


def test_monthly_moving_average_and_year_over_year(tiny_db: Database) -> None:
    year = Filters(date_from=dt.date(2024, 1, 1), date_to=dt.date(2024, 12, 31))
    monthly = tiny_db.query("trends/monthly", **year.params())
    assert len(monthly) == 12
    by = {m.strftime("%Y-%m"): r for m, r in zip(monthly["month"], monthly.to_dict("records"), strict=True)}
    # series: 2023-12 C4 (1 case, 2 defendants); Jan C1 (1, 3); Feb C2 C3 (2, 3); Mar C5 (1, 0)
    assert [by[m]["cases"] for m in ("2024-01", "2024-02", "2024-03", "2024-04")] == [1, 2, 1, 0]
    # moving averages reach back into 2023: Jan = (Nov 0 + Dec 1 + Jan 1) / 3
    assert by["2024-01"]["cases_ma3"] == pytest.approx(2 / 3)
    assert by["2024-01"]["defendant_instances_ma3"] == pytest.approx((0 + 2 + 3) / 3)
    assert by["2024-02"]["cases_ma3"] == pytest.approx((1 + 1 + 2) / 3)
    assert by["2024-03"]["defendant_instances_ma3"] == pytest.approx((3 + 3 + 0) / 3)
    assert by["2024-04"]["cases_ma3"] == pytest.approx(1.0)
    # year over year: Dec 2024 has nothing against C4 in Dec 2023 -> -100 %; Jan 2023 had 0 -> NULL
    assert (by["2024-12"]["cases_prev_year"], by["2024-12"]["defendant_instances_prev_year"]) == (1, 2)
    assert by["2024-12"]["cases_yoy"] == pytest.approx(-1.0)
    assert none_if_nan(by["2024-01"]["cases_yoy"]) is None


def test_monthly_first_month_counts_only_the_filtered_days(tiny_db: Database) -> None:
    mid = Filters(date_from=dt.date(2024, 2, 16), date_to=dt.date(2024, 3, 31))
    monthly = tiny_db.query("trends/monthly", **mid.params())
    # Feb shows only C3 (filed 02-20; C2 on 02-15 is before the filter) ...
    assert monthly["cases"].tolist() == [1, 1]
    assert monthly["defendant_instances"].tolist() == [1, 0]
    # ... while the moving average counts every month whole, Feb too (C2 and C3; found in review:
    # a cut month dragged the average down): Dec C4, Jan C1, Feb C2 C3 -> (1 + 1 + 2) / 3
    assert monthly["cases_ma3"].iloc[0] == pytest.approx(4 / 3)
    assert monthly["defendant_instances_ma3"].iloc[0] == pytest.approx((2 + 3 + 3) / 3)


def test_monthly_year_over_year_compares_the_same_days(tiny_db: Database) -> None:
    """A month cut by the date filter is compared with the same days a year earlier, not with the
    whole month (a 7-day March against a whole March showed -85 %; found in review)."""
    cut = Filters(date_from=dt.date(2024, 12, 10), date_to=dt.date(2025, 2, 14))
    monthly = tiny_db.query("trends/monthly", **cut.params())
    assert [m.strftime("%Y-%m") for m in monthly["month"]] == ["2024-12", "2025-01", "2025-02"]
    # Dec 10-31 2023: C4 was filed on Dec 5, so 0; Jan 2024 whole: C1 (3 defendants); Feb 1-14 2024:
    # C2 (02-15) and C3 (02-20) fall after, so 0 - the whole months would give 1, 1 and 2
    assert monthly["cases_prev_year"].tolist() == [0, 1, 0]
    assert monthly["defendant_instances_prev_year"].tolist() == [0, 3, 0]
    assert monthly["cases_yoy"].iloc[1] == pytest.approx(-1.0)
    assert [none_if_nan(v) for v in monthly["cases_yoy"].iloc[[0, 2]]] == [None, None]


def test_monthly_a_whole_february_is_compared_with_a_whole_february(tmp_path: Path) -> None:
    """2025-02-01..2025-02-28 a year earlier is all of February 2024, the 29th too (one day short
    before; found in review). Its own database: the module's is shared and only read."""
    tiny_db = Database(str(tmp_path / "leap.duckdb"))
    load_csv_tables(tiny_db, FIXTURES / "tiny")
    with tiny_db.write() as con:
        con.execute(
            "INSERT INTO cases (case_id, court, country, docket_number, filed_on, ip_type, case_kind) "
            "VALUES ('ilnd:1:24-cv-00029', 'ilnd', 'US', '1:24-cv-00029', DATE '2024-02-29', 'trademark', 'other')"
        )
        bump_data_version(con)
    feb = Filters(date_from=dt.date(2025, 2, 1), date_to=dt.date(2025, 2, 28))
    monthly = tiny_db.query("trends/monthly", **feb.params())
    tiny_db.close()
    assert monthly["cases_prev_year"].tolist() == [3]  # C2 (02-15), C3 (02-20) and the 29th


def test_stacked_by_platform_pools_the_rest(tiny_db: Database) -> None:
    stacked = tiny_db.query("trends/stacked", **Q1.params(), dimension="platform", limit=2)
    # amazon 3, then ebay/temu/walmart with 1 each (ties by code): ebay kept, temu + walmart pooled
    assert stacked.drop_duplicates("code")[["code", "rank", "name_en"]].fillna("").values.tolist() == [
        ["amazon", 1, "Amazon"],
        ["ebay", 2, "eBay"],
        ["_other", 3, ""],
    ]
    table = stacked.pivot(index="month", columns="code", values="defendant_instances")
    assert table["amazon"].tolist() == [1, 2, 0]
    assert table["ebay"].tolist() == [0, 1, 0]
    assert table["_other"].tolist() == [2, 0, 0]


def test_stacked_by_court_and_bad_dimension(tiny_db: Database) -> None:
    stacked = tiny_db.query("trends/stacked", **Q1.params(), dimension="court", limit=5)
    table = stacked.pivot(index="month", columns="code", values="defendant_instances")
    # C5 has no defendants, so it adds nothing; C1 (3) in Jan, C2 (2) in Feb at ilnd, C3 at flsd
    assert table["ilnd"].tolist() == [3, 2, 0]
    assert table["flsd"].tolist() == [0, 1, 0]
    with pytest.raises(duckdb.InvalidInputException, match="unknown dimension"):
        tiny_db.query("trends/stacked", **Q1.params(), dimension="store_name; DROP TABLE cases", limit=5)


def test_new_parties_per_month(tiny_db: Database) -> None:
    newcomers = tiny_db.query("trends/new_parties", **Q1.params())
    # Gamma Co and Firm B first appear in Dec 2023 (C4), so they are not new in 2024
    assert newcomers["new_plaintiffs"].tolist() == [1, 1, 0]  # Alpha Inc, Beta LLC
    assert newcomers["new_brands"].tolist() == [1, 1, 0]
    assert newcomers["new_law_firms"].tolist() == [1, 0, 0]  # Firm A
    assert newcomers["active_brands"].tolist() == [1, 2, 1]
    shantou = tiny_db.query("trends/new_parties", **Q1.with_values(cities=("440500",)).params())
    assert shantou["new_brands"].tolist() == [1, 0, 0]  # only Alpha's C1 reaches Shantou


# --- parties ----------------------------------------------------------------------------------


def leaderboard(db: Database, by: str, filters: Filters = Q1) -> dict[str, dict[str, object]]:
    previous = filters.previous_period()
    period = {"prev_from": previous.date_from, "prev_to": previous.date_to}
    frame = db.query("parties/leaderboard", **filters.params(), by=by, limit=10, **period)
    assert frame["defendant_instances"].is_monotonic_decreasing
    return rows(frame, "party")


def test_brand_leaderboard(tiny_db: Database) -> None:
    board = leaderboard(tiny_db, "brand")
    assert list(board) == ["Alpha", "Beta"]
    alpha, beta = board["Alpha"], board["Beta"]
    assert (alpha["plaintiff"], alpha["cases"], alpha["defendant_instances"], alpha["members_affected"]) == (
        "Alpha Inc",
        2,
        4,
        2,
    )
    # nothing in the previous period (2023-10-02..2023-12-31): no growth figure
    assert alpha["prev_defendant_instances"] == 0 and none_if_nan(alpha["growth"]) is None
    # decided: dj, settled (C1), dj (C1), settled (C3) -> 2 of 4
    assert alpha["default_share"] == pytest.approx(0.5)
    # C1: TRO 12 days, PI 41 days after filing; C3 has neither
    assert (alpha["cases_with_tro"], alpha["median_days_to_tro"]) == (1, 12)
    assert (alpha["cases_with_pi"], alpha["median_days_to_pi"]) == (1, 41)
    # Beta: C2 dismissed + pending -> 0 of 1 decided; TRO after 10 days, no PI
    assert beta["default_share"] == 0.0
    assert (beta["median_days_to_tro"], beta["cases_with_pi"]) == (10, 0)
    assert none_if_nan(beta["median_days_to_pi"]) is None


def test_firm_leaderboard_growth(tiny_db: Database) -> None:
    board = leaderboard(tiny_db, "law_firm")
    firm_b = board["Firm B"]
    # Firm B: C2 (2 defendants) + C5 now; C4 (2 defendants) in the previous period -> 2/2 - 1 = 0
    assert (firm_b["counterparts"], firm_b["cases"], firm_b["defendant_instances"]) == (1, 2, 2)
    assert firm_b["prev_defendant_instances"] == 2
    assert firm_b["growth"] == pytest.approx(0.0)
    assert none_if_nan(firm_b["plaintiff"]) is None
    spring = Filters(date_from=dt.date(2024, 2, 1), date_to=dt.date(2024, 3, 31))
    # previous period 2023-12-03..2024-01-31: C1 for Firm A (3 defendants); now C3 (1) -> 1/3 - 1
    assert leaderboard(tiny_db, "law_firm", spring)["Firm A"]["growth"] == pytest.approx(1 / 3 - 1)


def test_members_hit_for_a_brand_dossier(tiny_db: Database) -> None:
    alpha = tiny_db.query("parties/members_hit", **Q1.with_values(brands=("Alpha",)).params(), limit=50)
    got = alpha[["member_id", "cases", "defendant_instances", "defaults", "settled", "dismissed", "pending"]]
    # M1: s1 (C1, dj) and s6 (C3, settled); M3: s2 (C1, settled); s3 is not a member
    assert got.values.tolist() == [["M1", 2, 2, 1, 1, 0, 0], ["M3", 1, 1, 0, 1, 0, 0]]
    assert alpha["first_filed_on"].iloc[0] == pd.Timestamp(2024, 1, 10)
    assert alpha["last_filed_on"].iloc[0] == pd.Timestamp(2024, 2, 20)
    assert alpha["city_en"].tolist() == ["Shenzhen", "Shantou"]
    everyone = tiny_db.query("parties/members_hit", **Q1.params(), limit=50)
    assert everyone[["member_id", "defendant_instances", "pending"]].values.tolist() == [
        ["M1", 3, 1],
        ["M2", 1, 0],
        ["M3", 1, 0],
    ]


# --- lifecycle --------------------------------------------------------------------------------


def test_cutoff_is_latest_date_in_data(tiny_db: Database) -> None:
    assert tiny_db.query("lifecycle/cutoff").iloc[0, 0] == pd.Timestamp(CUTOFF)


def test_milestone_times_and_censoring(tiny_db: Database) -> None:
    counts = tiny_db.query("lifecycle/milestones", **Q1.params(), split="none", limit=5, cutoff=CUTOFF)
    assert set(counts["grp"]) == {""}

    def of(milestone: str) -> list[list[int]]:
        part = counts[counts["milestone"] == milestone]
        return part[["days", "events", "censored"]].values.tolist()

    # censored at the cut-off 2024-05-01: C5 (filed 03-01) 61 days, C3 (02-20) 71, C2 (02-15) 76
    assert of("tro") == [[10, 1, 0], [12, 1, 0], [61, 0, 1], [71, 0, 1]]  # C2 TRO +10, C1 TRO +12
    assert of("pi") == [[41, 1, 0], [61, 0, 1], [71, 0, 1], [76, 0, 1]]  # C1 PI +41
    assert of("default_judgment") == [[61, 0, 1], [71, 0, 1], [76, 0, 1], [106, 1, 0]]  # C1 +106
    assert of("closed") == [[61, 0, 1], [71, 0, 1], [76, 0, 1], [112, 1, 0]]  # C1 closed 05-01
    tro = counts[counts["milestone"] == "tro"]
    curve = lifecycle.kaplan_meier(tro["days"], tro["events"], tro["censored"])
    # S(10) = 3/4, S(12) = 3/4 * 2/3 = 1/2 -> median 12 days
    assert curve["survival"].tolist()[:2] == pytest.approx([0.75, 0.5])
    assert lifecycle.median_days(curve) == 12


def test_milestones_split_by_court_pools_small_groups(tiny_db: Database) -> None:
    counts = tiny_db.query("lifecycle/milestones", **Q1.params(), split="court", limit=1, cutoff=CUTOFF)
    tro = counts[counts["milestone"] == "tro"]
    # ilnd has C1, C2, C5 (largest); flsd's C3 goes to _other
    assert tro.groupby("grp")[["events", "censored"]].sum().to_dict("index") == {
        "_other": {"events": 0, "censored": 1},
        "ilnd": {"events": 2, "censored": 1},
    }
    with pytest.raises(duckdb.InvalidInputException, match="unknown split"):
        tiny_db.query("lifecycle/milestones", **Q1.params(), split="docket_number", limit=1, cutoff=CUTOFF)


def test_outcome_times_and_cumulative_incidence(tiny_db: Database) -> None:
    counts = tiny_db.query("lifecycle/outcomes", **Q1.params(), cutoff=CUTOFF)
    got = [[d, c if isinstance(c, str) else None, m] for d, c, m in counts[["days", "cause", "matters"]].values]
    # s4 dismissed 03-10 (+24), s2 settled 03-15 (+65), s1 and s3 default 04-25 (+106, case event);
    # s6 settled without any date -> censored at the cut-off (+71); s5 pending -> censored (+76)
    assert got == [[24, "dismissed", 1], [65, "settled", 1], [71, None, 1], [76, None, 1], [106, "default_judgment", 2]]
    cif = lifecycle.cumulative_incidence(counts).set_index("days")
    # n = 6: dismissed 1/6; then 5/6 * 1/5 settled; at day 106 the two left default: 2/3
    assert cif.loc[24, "dismissed"] == pytest.approx(1 / 6)
    assert cif.loc[65, "settled"] == pytest.approx(1 / 6)
    assert cif.loc[106, "default_judgment"] == pytest.approx(2 / 3)
    assert cif.loc[76, "pending"] == pytest.approx(2 / 3)
    assert cif.loc[106, "pending"] == pytest.approx(0.0)
