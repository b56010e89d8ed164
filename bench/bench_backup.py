"""Backup, verification and restore of the whole database (casewatch/backup.py).

backup: every table to Parquet in one read transaction, each file read back and checked;
verify: every file against the manifest (sha256, rows, content hash); restore: schema, load,
check, rebuild of the derived layer, into a new file. Snapshot and restored file go to a
temporary directory that is removed afterwards.
"""

from __future__ import annotations

import tempfile
import time
from pathlib import Path
from typing import Any

from casewatch import backup
from casewatch.db import Database


def run(db_path: str) -> list[dict[str, Any]]:
    rows: list[dict[str, Any]] = []
    with tempfile.TemporaryDirectory(prefix="casewatch-bench-backup-") as folder:
        snapshot = Path(folder) / "snapshot"
        db = Database(db_path, read_only=True)
        try:
            started = time.perf_counter()
            manifest = backup.backup(db, snapshot)
            seconds = time.perf_counter() - started
        finally:
            db.close()
        total = sum(entry.rows for entry in manifest.tables)
        size_mb = sum(p.stat().st_size for p in snapshot.iterdir()) / 1048576
        source_mb = Path(db_path).stat().st_size / 1048576
        rows.append({"benchmark": "backup (every table to Parquet, checked)", "seconds": seconds, "rows": total,
                     "note": f"{len(manifest.tables)} tables, {size_mb:.0f} MB snapshot of a {source_mb:.0f} MB file"})
        started = time.perf_counter()
        backup.verify(snapshot)
        seconds = time.perf_counter() - started
        rows.append({"benchmark": "backup verify (sha256, rows, content hash)", "seconds": seconds, "rows": total,
                     "note": ""})
        started = time.perf_counter()
        backup.restore(snapshot, str(Path(folder) / "restored.duckdb"))
        seconds = time.perf_counter() - started
        rows.append({"benchmark": "restore (verify, load, check, rebuild facts)", "seconds": seconds, "rows": total,
                     "note": "into a new file"})
    return rows
