"""The derived layer and the data version.

Table ``meta`` holds the data version that caches are keyed on, bumped by every write that
changes data, and the bookkeeping of the fact table the pages read (``defendant_facts``, rebuilt
or partly refreshed by ``bump_data_version`` inside the writer's transaction).
"""

from __future__ import annotations

import hashlib

import pandas as pd

from casewatch.sql import Connection, load_sql

# An import confined to a few cases rewrites only their fact rows, appended as a sorted run;
# date filters skip row groups by min/max, so runs dilute that a little each. After this many
# appended runs, or when a write touches more than a quarter of the cases (as dear as the whole
# table then), the whole table is rebuilt in one sorted run again.
MAX_FACT_RUNS = 32


def meta(con: Connection, key: str) -> str | None:
    """The value stored under ``key`` in table meta; None when there is none."""
    rows = con.execute(load_sql("meta/get"), {"key": key}).fetchall()  # all: frees the cursor
    return None if not rows or rows[0][0] is None else str(rows[0][0])


def set_meta(con: Connection, key: str, value: str) -> None:
    con.execute(load_sql("meta/set"), {"key": key, "value": value})


def data_version(con: Connection) -> int:
    """The data version caches are keyed on: bumped by every write that changes data (an import, a
    review decision, an upgrade that rebuilds the derived layer); 0 before the first."""
    return int(meta(con, "data_version") or 0)


def derived_sha() -> str:
    """Fingerprint of the derived layer's SQL: the full rebuild and the refresh of some cases."""
    text = load_sql("facts/rebuild") + load_sql("facts/refresh")
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def bump_data_version(con: Connection, *, only_touched: bool = False) -> int:
    """Brings the derived layer up to date and bumps the data version, inside the caller's
    transaction; returns the new version. ``only_touched``: the write changed only the cases
    listed in temp table facts_touched(case_id) (their columns or defendants; not members or
    reference data), so only their fact rows need rewriting."""
    runs = int(meta(con, "facts_runs") or 0)
    rewrite: str | None = "facts/rebuild"
    if only_touched and runs < MAX_FACT_RUNS:
        row = con.execute(load_sql("facts/touched_share")).fetchone()
        touched, cases = (int(row[0]), int(row[1])) if row else (0, 0)
        if touched == 0:
            rewrite = None  # no fact row changed: nothing rewritten, no run counted
        elif touched * 4 <= cases:
            rewrite = "facts/refresh"
    if rewrite == "facts/refresh":
        con.execute(load_sql("facts/refresh"))
        set_meta(con, "facts_runs", str(runs + 1))
    elif rewrite == "facts/rebuild":
        con.execute(load_sql("facts/rebuild"))
        set_meta(con, "facts_runs", "0")
    version = data_version(con) + 1
    set_meta(con, "data_version", str(version))
    set_meta(con, "data_updated_at", pd.Timestamp.now(tz="UTC").isoformat(timespec="seconds"))
    return version


def last_updated(status: pd.Series) -> str:
    """When the data last changed, from the row of meta/data_status: the last successful import,
    else the data_updated_at stamp, as "YYYY-MM-DD HH:MM:SS"; "—" when neither is known."""
    for key in ("last_import_at", "data_updated_at"):
        value = status[key]
        if value is not None and not pd.isna(value) and str(value):
            return str(value)[:19].replace("T", " ")
    return "—"
