"""Downloads at scale: the case table's latest ~1M rows (default order, newest filings first) as
CSV, Parquet and XLSX through the export CLI, each in its own subprocess with its peak memory
(VmHWM), beside a bare DuckDB ``COPY ... TO`` CSV of the same rows and columns (the case-table
query with its joins, codes as stored, no labels, no neutralising, one sort) in a subprocess with
the CLI's memory limit: the issue 22 target is a CSV within 2x of that copy, peak under 1 GiB.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

import duckdb
import pandas as pd

from casewatch.cases import COLUMNS
from casewatch.db import Database
from casewatch.filters import Filters
from casewatch.sql import ROOT

EXPORT_ROWS = 1_000_000
# Runs the export CLI and reports its own peak resident set (the whole process: Python, pandas,
# pyarrow and DuckDB's buffers): VmHWM of this process image. ru_maxrss would not do: Linux carries
# it over fork and exec, so a child of a big parent reports the parent's peak.
PEAK = """
def peak_mib():
    import pathlib, resource
    status = pathlib.Path("/proc/self/status")
    if status.exists():
        line = next(x for x in status.read_text().splitlines() if x.startswith("VmHWM:"))
        return int(line.split()[1]) / 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
"""
CLI = (
    PEAK
    + """
import json, sys, time
from casewatch.__main__ import main
started = time.perf_counter()
code = main(sys.argv[1:])
print(json.dumps({"code": code, "seconds": time.perf_counter() - started, "peak_mib": peak_mib()}))
"""
)
# The bare writer: one COPY of the case-table query's rows and raw columns, as the CLI would see them
BARE = (
    PEAK
    + """
import datetime as dt, json, sys, time
import duckdb
from casewatch import export
from casewatch.access import SYSTEM
from casewatch.cases import TableRequest
from casewatch.cli.export import MEMORY_LIMIT
from casewatch.filters import Filters, Vocabulary
db_path, out, date_from, date_to = sys.argv[1:]
filters = Filters(date_from=dt.date.fromisoformat(date_from), date_to=dt.date.fromisoformat(date_to))
sql, params = export.export_select(SYSTEM, filters, TableRequest(), "zh", Vocabulary(), shown=False)
con = duckdb.connect(db_path, read_only=True)
con.execute(f"SET memory_limit = '{MEMORY_LIMIT}'")
started = time.perf_counter()
rows = con.execute(f"COPY ({sql}) TO $path (FORMAT csv, HEADER)", {**params, "path": out}).fetchone()[0]
print(json.dumps({"code": 0, "seconds": time.perf_counter() - started, "peak_mib": peak_mib(), "rows": rows}))
"""
)


def export_window(db: Database, end: dt.date) -> Filters:
    """The latest months that together hold at least EXPORT_ROWS rows."""
    monthly = db.sql("SELECT month, count(*) AS n FROM defendant_facts GROUP BY month ORDER BY month DESC")
    running = monthly["n"].cumsum()
    first = monthly["month"].iloc[int((running < EXPORT_ROWS).sum())]
    return Filters(date_from=pd.Timestamp(first).date(), date_to=end)


def child(script: str, *args: str) -> dict[str, Any]:
    done = subprocess.run([sys.executable, "-c", script, *args], cwd=ROOT, capture_output=True, text=True, check=True)
    lines = done.stdout.strip().splitlines()
    report: dict[str, Any] = json.loads(lines[-1])
    if "rows" not in report:  # the CLI says "<rows> rows -> <file>" before the report
        report["rows"] = int(lines[-2].split()[0])
    return report


def rises_in_filing_date(path: Path) -> int:
    """Rows of a CSV download (newest filings first) filed later than the row above: 0 when the
    file keeps the on-screen order."""
    con = duckdb.connect()
    try:
        con.execute("SET enable_progress_bar = false")
        shown = con.sql("SELECT * FROM read_csv($path, parallel = false) LIMIT 0", params={"path": str(path)}).columns
        filed = shown[[name for name, _ in COLUMNS].index("filed_on")]
        found = con.execute(
            "SELECT count(*) FROM (SELECT filed, lag(filed) OVER (ORDER BY line) AS above FROM"
            " (SELECT row_number() OVER () AS line, COLUMNS($filed) AS filed FROM read_csv($path, parallel = false))"
            " QUALIFY filed > above)",
            {"path": str(path), "filed": f"^{re.escape(filed)}$"},
        ).fetchone()
    finally:
        con.close()
    return int(found[0]) if found else 0


def run(db_path: str) -> list[dict[str, Any]]:
    db = Database(db_path, read_only=True)
    latest = db.sql("SELECT max(filed_on) FROM defendant_facts").iloc[0, 0]
    end = (pd.Timestamp(latest) + pd.offsets.MonthEnd(0)).date()
    window = export_window(db, end)
    db.close()
    span = f"{window.date_from}..{window.date_to}"
    results: list[dict[str, Any]] = []
    with tempfile.TemporaryDirectory() as folder:
        bare_path = Path(folder) / "bare.csv"
        bare = child(BARE, db_path, str(bare_path), window.date_from.isoformat(), window.date_to.isoformat())
        bare_size = bare_path.stat().st_size
        bare_path.unlink()
        measured: dict[str, dict[str, Any]] = {}
        for fmt in ("csv", "parquet", "xlsx"):
            out = Path(folder) / f"cases.{fmt}"
            args = ["export", "--db", db_path, "--format", fmt, "--out", str(out), "--quiet"]
            args += ["--from", window.date_from.isoformat(), "--to", window.date_to.isoformat()]
            measured[fmt] = {**child(CLI, *args), "size": out.stat().st_size}
            if fmt == "csv":
                measured[fmt]["out_of_order"] = rises_in_filing_date(out)
            out.unlink()
    ratio = measured["csv"]["seconds"] / bare["seconds"]
    results.append(
        {
            "benchmark": "export: bare DuckDB COPY to CSV of the same rows and columns",
            "seconds": bare["seconds"],
            "rows": bare["rows"],
            "note": f"peak RSS {bare['peak_mib']:,.0f} MiB; {bare_size / 2**20:,.0f} MiB file; {span}",
        }
    )
    order = f"{measured['csv']['out_of_order']:,} rows out of order"
    for fmt, target in (("csv", f"{ratio:.2f}x the bare COPY (target < 2x); {order}"), ("parquet", ""), ("xlsx", "")):
        report = measured[fmt]
        results.append(
            {
                "benchmark": f"export: {fmt.upper()} of the case table, CLI in a subprocess",
                "seconds": report["seconds"],
                "rows": report["rows"],
                "note": "; ".join(
                    part
                    for part in (
                        target,
                        f"peak RSS {report['peak_mib']:,.0f} MiB (target < 1024)",
                        f"{report['size'] / 2**20:,.0f} MiB file",
                    )
                    if part
                ),
            }
        )
    return results
