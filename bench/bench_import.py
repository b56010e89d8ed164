"""Importing a 1M-row defendants CSV (a Schedule A list) beside DuckDB's own read_csv of the same file.

The file is made from the benchmark database's defendants (repeated with new defendant numbers
until it has CASEWATCH_BENCH_IMPORT_ROWS rows, default 1,000,000), with store names, platforms,
seller ids, outcomes and amounts as the demo has them and no member column, so every row is
matched. The target is a fresh database holding the demo's member register and cases (imported
first, timed apart). Timed, each on a fresh file database:
- DuckDB read_csv of the file into a table (the floor: parsing and storing, no checks);
- import_files: staging, typing and validating every row, upsert, member matching, rebuild of the
  fact table, the imports log - one transaction - and the herding cache refreshed after it; the
  note gives the seconds of each stage (ImportReport.stage_seconds; "keys" checks that no member
  link is stored twice, which member_links' primary key did before schema 6) and the load average;
- the same import again (a no-op: nothing changes, the data version stays);
- the bare write, for reference: the same rows inserted into defendants straight from read_csv
  (no checks, no matching, no log), the fact table rebuilt and committed - what any import of
  this file into this schema costs at least;
- a week's Schedule A list (300 defendants of the latest case) into a copy of the benchmark
  database itself: an import confined to one case refreshes that case's fact rows only.
"""

from __future__ import annotations

import io
import os
import shutil
import tempfile
import time
from pathlib import Path
from typing import Any

import duckdb

from casewatch.db import Database
from casewatch.facts import bump_data_version
from casewatch.ingest import import_files
from casewatch.progress import LineProgress

ROWS = int(os.environ.get("CASEWATCH_BENCH_IMPORT_ROWS", "1000000"))
REGISTER = (
    "SELECT m.member_id, m.name_zh, m.name_en, m.city_code, m.district, m.sector_code, m.size_band, m.joined_on, "
    "m.email, s.platform, s.store_name, s.seller_id FROM members m LEFT JOIN member_stores s USING (member_id)"
)
CASES = (
    "SELECT case_id, filed_on, closed_on, plaintiff, brand, law_firm, ip_type, case_kind, sector_code, nature_of_suit "
    "FROM cases"
)
LISTING = (
    "SELECT d.case_id, r.k * 100000 + d.defendant_no AS defendant_no, d.store_name, d.platform, d.seller_id, "
    "d.city_code, d.outcome, d.frozen_usd, d.settlement_usd, d.judgment_usd, d.appeared "
    "FROM defendants d, range(CAST(ceil($rows / (SELECT count(*) FROM defendants)) AS BIGINT)) r(k) "
    "ORDER BY r.k, d.case_id, d.defendant_no LIMIT $rows"
)
WEEK_LIST = (
    "SELECT c.case_id, 900000 + row_number() OVER (ORDER BY d.case_id, d.defendant_no) AS defendant_no, d.store_name, "
    "d.platform, d.seller_id, d.city_code, 'pending' AS outcome "
    "FROM (SELECT case_id FROM cases ORDER BY filed_on DESC, case_id DESC LIMIT 1) c, "
    "(SELECT * FROM defendants ORDER BY case_id, defendant_no LIMIT 300) d"
)
BARE_WRITE = (
    "INSERT INTO defendants (case_id, defendant_no, store_name, platform, seller_id, city_code, outcome, frozen_usd, "
    "settlement_usd, judgment_usd, appeared) "
    "SELECT case_id, defendant_no, store_name, platform, seller_id, city_code, outcome, frozen_usd, settlement_usd, "
    "judgment_usd, appeared FROM read_csv($path)"
)
STAGES = ("read", "check", "upsert", "match", "keys", "rebuild", "log", "commit", "herding")


def _files(db_path: str, folder: Path) -> tuple[Path, Path, Path]:
    register, cases, listing = folder / "register.csv", folder / "cases.csv", folder / "schedule_a_1m.csv"
    source = duckdb.connect(db_path, read_only=True)
    try:
        source.sql(REGISTER).write_csv(str(register))
        source.sql(CASES).write_csv(str(cases))
        source.sql(LISTING, params={"rows": ROWS}).write_csv(str(listing))
    finally:
        source.close()
    return register, cases, listing


def run(db_path: str) -> list[dict[str, Any]]:
    with tempfile.TemporaryDirectory(prefix="casewatch-bench-import-") as tmp:
        folder = Path(tmp)
        register, cases, listing = _files(db_path, folder)
        size_mb = listing.stat().st_size / 1048576

        floor = duckdb.connect(str(folder / "read_csv.duckdb"))
        started = time.perf_counter()
        floor.execute("CREATE TABLE listing AS SELECT * FROM read_csv($path)", {"path": str(listing)})
        read_csv_seconds = time.perf_counter() - started
        floor.close()

        db = Database(str(folder / "import.duckdb"))
        started = time.perf_counter()
        import_files(db, [register, cases])
        setup_seconds = time.perf_counter() - started
        db.close()
        shutil.copyfile(folder / "import.duckdb", folder / "bare.duckdb")
        shutil.copyfile(folder / "import.duckdb", folder / "progress.duckdb")
        db = Database(str(folder / "import.duckdb"))
        load = os.getloadavg()[0]
        started = time.perf_counter()
        report = import_files(db, [listing])
        import_seconds = time.perf_counter() - started
        load = max(load, os.getloadavg()[0])
        version = db.data_version()
        started = time.perf_counter()
        again = import_files(db, [listing])
        noop_seconds = time.perf_counter() - started
        assert again.files[0].status == "unchanged" and db.data_version() == version
        written = report.files[0].written.get("defendants", 0)
        matched = report.matching
        db.close()
        bare_seconds = _bare_write(folder / "bare.duckdb", listing)
        # the same import showing its stages as `import` does when piped (lines into a buffer)
        db = Database(str(folder / "progress.duckdb"))
        started = time.perf_counter()
        shown = LineProgress("import", io.StringIO())
        import_files(db, [listing], progress=shown)
        shown.close()
        progress_seconds = time.perf_counter() - started
        db.close()
        week = _week_into_copy(db_path, folder)
    ratio = import_seconds / read_csv_seconds
    stages = ", ".join(f"{stage} {report.stage_seconds.get(stage, 0.0):.1f}" for stage in STAGES)
    return [
        {"benchmark": "import: DuckDB read_csv of the list (floor)", "seconds": read_csv_seconds, "rows": ROWS,
         "note": f"{size_mb:.0f} MB CSV into a table, no checks"},
        {"benchmark": "import: 1M-row defendants CSV", "seconds": import_seconds, "rows": written,
         "note": f"{import_seconds / bare_seconds:.2f}x the bare write (target 2.5x), {ratio:.1f}x read_csv; "
                 "validated, upserted, matched "
                 f"({matched.get('auto', 0)} auto, {matched.get('review', 0)} review links), facts rebuilt; "
                 f"stages (s): {stages}; load average {load:.1f}"},
        {"benchmark": "import: same file again (no-op)", "seconds": noop_seconds, "rows": 0,
         "note": "validated and compared; nothing written, data version unchanged"},
        {"benchmark": "import: bare write of the list (reference)", "seconds": bare_seconds, "rows": ROWS,
         "note": f"{bare_seconds / read_csv_seconds:.1f}x read_csv; read_csv into defendants (primary key), "
                 "fact table rebuilt, commit; no checks, matching or log"},
        {"benchmark": "import: 1M-row list showing its stages", "seconds": progress_seconds, "rows": ROWS,
         "note": f"{(progress_seconds / import_seconds - 1) * 100:+.1f}% against the import above (target within 2%); "
                 "stage lines as `import` prints them when piped"},
        {"benchmark": "import: register + cases (setup)", "seconds": setup_seconds, "rows": 0,
         "note": "the benchmark database's members, stores and cases"},
        week,
    ]  # fmt: skip


def _week_into_copy(db_path: str, folder: Path) -> dict[str, Any]:
    """A 300-defendant list for the latest case imported into a copy of the benchmark database."""
    copy, week = folder / "week.duckdb", folder / "week.csv"
    shutil.copyfile(db_path, copy)
    db = Database(str(copy))  # brings the copy's schema and derived layer up to date first (not timed)
    try:
        con = db.cursor()
        try:
            con.sql(WEEK_LIST).write_csv(str(week))
            facts = con.execute("SELECT count(*) FROM defendant_facts").fetchall()[0][0]
        finally:
            con.close()
        started = time.perf_counter()
        report = import_files(db, [week])
        seconds = time.perf_counter() - started
    finally:
        db.close()
    stages = ", ".join(f"{stage} {report.stage_seconds.get(stage, 0.0):.2f}" for stage in STAGES)
    return {
        "benchmark": "import: a 300-row list into the benchmark database",
        "seconds": seconds,
        "rows": report.files[0].written.get("defendants", 0),
        "note": f"one case's fact rows refreshed among {facts:,}; stages (s): {stages}",
    }


def _bare_write(path: Path, listing: Path) -> float:
    """Seconds to insert the list into defendants, rebuild the fact table and commit, nothing else."""
    db = Database(str(path))
    try:
        started = time.perf_counter()
        with db.write() as con:
            con.execute(BARE_WRITE, {"path": str(listing)})
            bump_data_version(con)
        return time.perf_counter() - started
    finally:
        db.close()


if __name__ == "__main__":
    import sys

    for row in run(sys.argv[1]):
        print(f"{row['benchmark']:<48} {row['seconds']:8.2f} s  {row['rows']:>9}  {row['note']}")
