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

QUERIES = ("overview_kpis", "overview_monthly", "overview_top_cities", "overview_top_sectors", "overview_top_brands")
COLUMNS = ["case_id", "defendant_no", "filed_on", "month", "city_code", "sector_top", "brand", "plaintiff",
           "member_id", "outcome", "frozen_usd"]


def duckdb_set(db: Database, filters: Filters) -> dict[str, pd.DataFrame]:
    params = filters.params()
    return {
        name: db.query(name, **params, **({} if name in ("overview_kpis", "overview_monthly") else {"limit": 12}))
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
        "overview_kpis": kpis,
        "overview_monthly": monthly,
        "overview_top_cities": cities.nlargest(12, "defendant_instances"),
        "overview_top_sectors": sectors.nlargest(12, "defendant_instances"),
        "overview_top_brands": brands.nlargest(12, "defendant_instances"),
    }


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
    extent = db.query("bench_fact_extent").iloc[0]
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
        check = duckdb_set(db, filters)["overview_kpis"].iloc[0]
        expected = pandas_set(facts, filters)["overview_kpis"]
        same = all(float(check[k] or 0) == float(expected[k] or 0) for k in ("cases", "defendant_instances",
                                                                              "members_affected"))
        results.append({"benchmark": f"overview query set, DuckDB ({label})", "seconds": duck, "rows": rows,
                        "note": "5 queries, median of 5"})
        results.append({"benchmark": f"overview query set, pandas ({label})", "seconds": panda, "rows": rows,
                        "note": f"DuckDB {panda / duck:.1f}x faster; KPIs agree: {same}"})
    db.close()
    return results
