"""Overview page query set (five aggregations) in DuckDB beside the same work in pandas.

Windows: the last 12 full months of data (the page's default) and all dates. DuckDB timings are
the median of 5 runs after one warm-up, through Database.query (bound parameters, the fact table
and its filter macro). pandas works on the same denormalised fact rows, loaded once beforehand
(load time reported separately), and computes the same five answers; the results are compared.
"""

from __future__ import annotations

import datetime as dt
import statistics
import time
from typing import Any

import pandas as pd

from casewatch.db import Database
from casewatch.filters import Filters, add_months

QUERIES = ("overview/kpis", "overview/monthly", "overview/top_cities", "overview/top_sectors", "overview/top_brands")
COLUMNS = ["case_id", "defendant_no", "filed_on", "month", "city_code", "sector_top", "brand", "plaintiff",
           "member_id", "outcome", "frozen_usd"]


def duckdb_set(db: Database, filters: Filters) -> dict[str, pd.DataFrame]:
    params = filters.params()
    return {
        name: db.query(name, **params, **({} if name in ("overview/kpis", "overview/monthly") else {"limit": 12}))
        for name in QUERIES
    }


def pandas_set(facts: pd.DataFrame, filters: Filters) -> dict[str, Any]:
    window = facts[(facts["filed_on"] >= pd.Timestamp(filters.date_from))
                   & (facts["filed_on"] <= pd.Timestamp(filters.date_to))]
    decided = window["outcome"].isin(["default_judgment", "settled", "dismissed", "won"]).sum()
    kpis = {
        "cases": window["case_id"].nunique(),
        "defendant_instances": int(window["defendant_no"].notna().sum()),
        "members_affected": window["member_id"].nunique(),
        "frozen_usd": float(window["frozen_usd"].sum()),
        "default_share": (window["outcome"] == "default_judgment").sum() / decided if decided else None,
    }
    monthly = window.groupby("month").agg(cases=("case_id", "nunique"), defendant_instances=("defendant_no", "count"),
                                          members_affected=("member_id", "nunique"))
    listed = window[window["defendant_no"].notna()]
    cities = listed.groupby("city_code").agg(defendant_instances=("defendant_no", "count"),
                                              members_affected=("member_id", "nunique"), cases=("case_id", "nunique"))
    sectors = window.groupby("sector_top").agg(defendant_instances=("defendant_no", "count"),
                                                members_affected=("member_id", "nunique"), cases=("case_id", "nunique"))
    brands = window.groupby("brand").agg(plaintiff=("plaintiff", "first"), cases=("case_id", "nunique"),
                                         defendant_instances=("defendant_no", "count"),
                                         members_affected=("member_id", "nunique"))
    return {
        "overview/kpis": kpis,
        "overview/monthly": monthly,
        "overview/top_cities": cities.nlargest(12, "defendant_instances"),
        "overview/top_sectors": sectors.nlargest(12, "defendant_instances"),
        "overview/top_brands": brands.nlargest(12, "defendant_instances"),
    }


def agree(duck: dict[str, pd.DataFrame], panda: dict[str, Any]) -> bool:
    """Do the two engines give the same five answers? (counts exactly, money to 1e-9 relative)"""
    k, e = duck["overview/kpis"].iloc[0], panda["overview/kpis"]
    if [int(k[c]) for c in ("cases", "defendant_instances", "members_affected")] != [
        int(e[c]) for c in ("cases", "defendant_instances", "members_affected")
    ]:
        return False
    if abs(float(k["frozen_usd"]) - e["frozen_usd"]) > 1e-9 * max(1.0, abs(e["frozen_usd"])):
        return False
    if (k["default_share"] is None) != (e["default_share"] is None) or (
        e["default_share"] is not None and abs(float(k["default_share"]) - float(e["default_share"])) > 1e-12
    ):
        return False
    counts = ["cases", "defendant_instances", "members_affected"]
    monthly = duck["overview/monthly"]
    monthly = monthly[monthly["defendant_instances"] + monthly["cases"] > 0].set_index("month")[counts]
    expected = panda["overview/monthly"][counts]
    expected.index = pd.to_datetime(expected.index)
    if not monthly.astype("int64").equals(expected.astype("int64").reindex(monthly.index)):
        return False
    for name, key in (("overview/top_cities", "city_code"), ("overview/top_sectors", "sector_code"),
                      ("overview/top_brands", "brand")):
        got = duck[name].set_index(key)[counts].astype("int64")
        want = panda[name][counts].astype("int64")
        if list(got["defendant_instances"]) != list(want["defendant_instances"]):
            return False  # the same ranking by size (ties may order differently)
        if not got.sort_index().equals(want.reindex(got.index).sort_index()):
            return False
    return True


def timed(work: Any, repeat: int = 5) -> float:
    work()
    runs = []
    for _ in range(repeat):
        started = time.perf_counter()
        work()
        runs.append(time.perf_counter() - started)
    return statistics.median(runs)


def run(db_path: str) -> list[dict[str, Any]]:
    db = Database(db_path, read_only=True)
    extent = db.query("facts/extent").iloc[0]
    rows, latest = int(extent["fact_rows"]), extent["latest_filed_on"]
    end = (pd.Timestamp(latest) + pd.offsets.MonthEnd(0)).date()
    windows = {
        "12 months": Filters(date_from=add_months(end, -11), date_to=end),
        "all dates": Filters(date_from=dt.date(2000, 1, 1), date_to=end),
    }
    started = time.perf_counter()
    facts = db.sql(f"SELECT {', '.join(COLUMNS)} FROM defendant_facts")  # noqa: S608 - constant column list
    load_seconds = time.perf_counter() - started
    results: list[dict[str, Any]] = [
        {"benchmark": "pandas: load fact columns into a DataFrame", "seconds": load_seconds, "rows": rows,
         "note": f"{facts.memory_usage(deep=True).sum() / 2**20:,.0f} MiB in pandas; not counted below"},
    ]
    for label, filters in windows.items():
        duck = timed(lambda f=filters: duckdb_set(db, f))
        panda = timed(lambda f=filters: pandas_set(facts, f), repeat=3)
        same = agree(duckdb_set(db, filters), pandas_set(facts, filters))
        results.append({"benchmark": f"overview query set, DuckDB ({label})", "seconds": duck, "rows": rows,
                        "note": "5 queries, median of 5"})
        results.append({"benchmark": f"overview query set, pandas ({label})", "seconds": panda, "rows": rows,
                        "note": f"DuckDB {panda / duck:.1f}x faster; all five answers agree: {same}"})
    db.close()
    return results
