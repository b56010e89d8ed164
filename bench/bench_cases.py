"""Case explorer at scale: one page (50 rows, with the match totals) of the case table through
Database.query for the default view and other sorts, searches and scopes (the downloads are in
bench/bench_export.py).

Page timings are the median of 5 runs after one warm-up; "cpu" is the process CPU time of the
same runs (all DuckDB threads), which stays meaningful when the machine is shared.
"""

from __future__ import annotations

import datetime as dt
import statistics
import time
from typing import Any

import pandas as pd

from casewatch.access import SYSTEM, Scope
from casewatch.cases import PAGE_SIZE, TableRequest
from casewatch.db import Database
from casewatch.filters import Filters, add_months


def timed(db: Database, scope: Scope, filters: Filters, request: TableRequest, offset: int = 0) -> dict[str, Any]:
    params = {**filters.params(), **request.params(limit=PAGE_SIZE, offset=offset)}
    db.query("cases/table", scope=scope, **params)
    walls, cpus = [], []
    for _ in range(5):
        wall, cpu = time.perf_counter(), time.process_time()
        frame = db.query("cases/table", scope=scope, **params)
        walls.append(time.perf_counter() - wall)
        cpus.append(time.process_time() - cpu)
    total = int(frame["total_rows"].iloc[0])
    return {"seconds": statistics.median(walls), "cpu": statistics.median(cpus), "total": total}


def run(db_path: str) -> list[dict[str, Any]]:
    db = Database(db_path, read_only=True)
    rows = int(db.sql("SELECT count(*) FROM defendant_facts").iloc[0, 0])
    latest = db.sql("SELECT max(filed_on) FROM defendant_facts").iloc[0, 0]
    end = (pd.Timestamp(latest) + pd.offsets.MonthEnd(0)).date()
    twelve = Filters(date_from=add_months(end, -11), date_to=end)
    everything = Filters(date_from=dt.date(2000, 1, 1), date_to=end)
    member_id = str(db.sql("SELECT member_id FROM defendant_facts WHERE member_id IS NOT NULL LIMIT 1").iloc[0, 0])
    member = Scope("member", member_id=member_id)
    store_word = str(db.sql("SELECT store_name FROM defendant_facts WHERE store_name IS NOT NULL LIMIT 1").iloc[0, 0])
    views = [
        ("default view: 12 months, newest first, analyst", SYSTEM, twelve, TableRequest(), 0),
        ("default view: 12 months, newest first, member", member, twelve, TableRequest(), 0),
        ("12 months, sorted by store name", SYSTEM, twelve, TableRequest(sort="store_name", descending=False), 0),
        ("12 months, sorted by frozen USD (member: masked)", member, twelve, TableRequest(sort="frozen_usd"), 0),
        ("12 months, page 1,001", SYSTEM, twelve, TableRequest(), 1000 * PAGE_SIZE),
        ("12 months, search a store-name word", SYSTEM, twelve, TableRequest(store_word.split()[0].lower()), 0),
        ("all dates, newest first", SYSTEM, everything, TableRequest(), 0),
    ]
    results: list[dict[str, Any]] = []
    for label, scope, filters, request, offset in views:
        measured = timed(db, scope, filters, request, offset)
        results.append(
            {
                "benchmark": f"cases page: {label}",
                "seconds": measured["seconds"],
                "rows": rows,
                "note": f"cpu {measured['cpu']:.3f} s; {measured['total']:,} rows match; median of 5",
            }
        )
    db.close()
    return results
