"""Case explorer at scale: one page (50 rows, with the match totals) of the case table through
Database.query for the default view and other sorts, searches and scopes; and a CSV export of
about one million rows through the CLI in a subprocess, with its peak memory (ru_maxrss).

Page timings are the median of 5 runs after one warm-up; "cpu" is the process CPU time of the
same runs (all DuckDB threads), which stays meaningful when the machine is shared. The export's
peak is the child's VmHWM (Linux), so the benchmark process's own memory does not count.
"""

from __future__ import annotations

import datetime as dt
import json
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import pandas as pd

from casewatch.access import SYSTEM, Scope
from casewatch.cases import PAGE_SIZE, TableRequest
from casewatch.db import Database
from casewatch.filters import Filters, add_months
from casewatch.sql import ROOT

EXPORT_ROWS = 1_000_000
# Runs the export CLI and reports its own peak resident set (the whole process: Python, pandas,
# pyarrow and DuckDB's buffers): VmHWM of this process image. ru_maxrss would not do: Linux carries
# it over fork and exec, so a child of a big parent reports the parent's peak.
CHILD = """
import json, pathlib, resource, sys, time
from casewatch.__main__ import main
started = time.perf_counter()
code = main(sys.argv[1:])
seconds = time.perf_counter() - started
status = pathlib.Path("/proc/self/status")
if status.exists():
    line = next(x for x in status.read_text().splitlines() if x.startswith("VmHWM:"))
    peak = int(line.split()[1]) / 1024
else:
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
print(json.dumps({"code": code, "seconds": seconds, "peak_mib": peak}))
"""


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


def export_window(db: Database, end: dt.date) -> Filters:
    """The latest months that together hold at least EXPORT_ROWS rows."""
    monthly = db.sql("SELECT month, count(*) AS n FROM defendant_facts GROUP BY month ORDER BY month DESC")
    running = monthly["n"].cumsum()
    first = monthly["month"].iloc[int((running < EXPORT_ROWS).sum())]
    return Filters(date_from=pd.Timestamp(first).date(), date_to=end)


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
    window = export_window(db, end)
    db.close()
    with tempfile.TemporaryDirectory() as folder:
        out = Path(folder) / "cases.csv"
        command = [
            sys.executable, "-c", CHILD, "export", "--db", db_path, "--format", "csv", "--out", str(out),
            "--from", window.date_from.isoformat(), "--to", window.date_to.isoformat(),
        ]  # fmt: skip
        done = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, check=True)
        report = json.loads(done.stdout.strip().splitlines()[-1])
        written = int(done.stdout.strip().splitlines()[-2].split()[0])
        size = out.stat().st_size
    results.append(
        {
            "benchmark": "export: CSV of the case table, CLI in a subprocess",
            "seconds": report["seconds"],
            "rows": written,
            "note": f"peak RSS {report['peak_mib']:,.0f} MiB (target < 1024); {size / 2**20:,.0f} MiB file; "
            f"{window.date_from}..{window.date_to}",
        }
    )
    return results
