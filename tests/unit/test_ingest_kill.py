"""An import killed with SIGKILL midway through a large file leaves the database exactly as
before: the whole import is one DuckDB transaction."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import duckdb
import pytest

from casewatch.db import Database
from casewatch.sql import ROOT
from tests.unit.test_ingest_badfiles import content_digest

ROWS = 400_000


def cpu_seconds(pid: int) -> float:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


@pytest.mark.slow
@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="needs /proc to watch the child")
def test_sigkill_midway_leaves_database_unchanged(tiny_db: Database, tmp_path: Path) -> None:
    big = tmp_path / "big_list.csv"
    with duckdb.connect() as con:
        con.execute(
            "COPY (SELECT 'ilnd:1:24-cv-00005' AS case_id, i + 10 AS defendant_no, 'Store ' || i AS store_name, "
            "'amazon' AS platform, 'S' || i AS seller_id, (i % 977) * 10 AS frozen_usd FROM range($n) t(i)) "
            "TO '" + str(big) + "' (HEADER)",
            {"n": ROWS},
        )
    path = tiny_db.path
    before = content_digest(tiny_db)
    tiny_db.close()
    child = subprocess.Popen(
        [sys.executable, "-m", "casewatch", "import", "--db", path, str(big)],
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    # past interpreter start-up and into the import (reading, typing, writing), then kill it
    deadline = time.monotonic() + 120
    while cpu_seconds(child.pid) < 2.5 and child.poll() is None and time.monotonic() < deadline:
        time.sleep(0.05)
    assert child.poll() is None, "the import finished before it could be killed; make the file larger"
    child.send_signal(signal.SIGKILL)
    assert child.wait() == -signal.SIGKILL
    after = Database(path)
    try:
        assert content_digest(after) == before
        assert after.sql("SELECT count(*) AS n FROM imports")["n"].iloc[0] == 0
    finally:
        after.close()
