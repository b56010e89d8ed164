"""Herding radar at scale: the full computation, storing its cache, and the page read from the cache.

- compute: ``herding.compute`` on the database opened read-only, in a child process so that its
  peak resident memory (getrusage) is its own; targets at 10M defendant rows: < 2 min, < 4 GB.
- store: writing the results into the herding_* tables (one transaction).
- page: the Herding page rendered by Streamlit's AppTest from the cache, cold (first run of a
  fresh app) and warm (a rerun); target < 1 s. Storing and the page need a writable database, so
  they run on a copy of the file in a temporary folder (opening the copy upgrades its schema first,
  which is not timed); the copy is deleted afterwards.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
CHILD = """
import json, resource, sys, time
from casewatch.db import Database
from casewatch import herding
with Database(sys.argv[1], read_only=True) as db:
    started = time.perf_counter()
    results = herding.compute(db)
    seconds = time.perf_counter() - started
    rows = int(db.sql("SELECT count(*) FROM defendant_facts").iloc[0, 0])
print(json.dumps({
    "seconds": seconds, "rows": rows, "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
    "waves": int((results.waves["pattern"] == "wave").sum()) if len(results.waves) else 0,
    "cohorts": len(results.cohorts), "late_followers": len(results.late_followers),
}))
"""


def compute_in_child(db_path: str) -> dict[str, Any]:
    done = subprocess.run(
        [sys.executable, "-c", CHILD, db_path], cwd=ROOT, capture_output=True, text=True, check=True, timeout=1800
    )
    result: dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])
    return result


def render_page(db_path: str) -> tuple[float, float, list[str]]:
    """Seconds for a cold and a warm render of the Herding page, and any errors shown."""
    import streamlit as st
    from streamlit.testing.v1 import AppTest

    os.environ["CASEWATCH_DB"] = db_path
    st.cache_data.clear()
    st.cache_resource.clear()
    at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=600)
    at.session_state["casewatch_start_page"] = "pages/herding.py"
    started = time.perf_counter()
    at.run()
    cold = time.perf_counter() - started
    at._finished_page_script_hash = ""  # rerun the entry script too (see tests/support/apptest.py)
    at._page_hash = ""
    started = time.perf_counter()
    at.run()
    warm = time.perf_counter() - started
    problems = [str(e.value) for e in at.exception] + [str(e.value) for e in at.error]
    st.cache_resource.clear()  # let go of the database file
    return cold, warm, problems


def run(db_path: str) -> list[dict[str, Any]]:
    from casewatch import herding
    from casewatch.db import Database

    computed = compute_in_child(db_path)
    rows = [
        {
            "benchmark": "herding: full computation (read-only)",
            "seconds": computed["seconds"],
            "rows": computed["rows"],
            "note": f"peak RSS {computed['peak_mb'] / 1024:.2f} GB; {computed['waves']} waves, "
            f"{computed['cohorts']} cohorts, {computed['late_followers']:,} late followers",
        }
    ]
    with tempfile.TemporaryDirectory(prefix="casewatch_bench_herding_") as folder:
        copy = str(Path(folder) / "copy.duckdb")
        shutil.copyfile(db_path, copy)
        with Database(copy) as db:  # upgrades the copy's schema (not timed)
            results = herding.compute(db)
            started = time.perf_counter()
            herding.store(db, results)
            stored = time.perf_counter() - started
            tables = sum(len(frame) for frame in results.tables().values())
        rows.append({"benchmark": "herding: store the cache", "seconds": stored, "rows": tables, "note": "11 tables"})
        cold, warm, problems = render_page(copy)
        note = "errors: " + "; ".join(problems)[:200] if problems else "AppTest, dashboard.py included"
        for label, seconds in (("cold", cold), ("warm", warm)):
            name = f"herding: page from cache, {label}"
            rows.append({"benchmark": name, "seconds": seconds, "rows": computed["rows"], "note": note})
    return rows
