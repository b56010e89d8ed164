"""The herding cache: results stored per data version, one recompute per database at a time, and
the cached tables read back for the command line."""

from __future__ import annotations

import datetime as dt
import json
import threading
from dataclasses import asdict, dataclass, field, fields
from typing import Any

import pandas as pd

from casewatch.db import Database
from casewatch.herding import pipeline
from casewatch.herding.pipeline import Results
from casewatch.herding.settings import Settings
from casewatch.progress import QUIET, Progress
from casewatch.sql import load_sql

# The detectors' method, stored with each run beside its settings: raised when a change of code
# (or of a default setting) changes what they find, so that a run found by an earlier method is
# recomputed as one found on older data is. 1: runs stored without it; 2: cities' expected shares
# by the entity's sectors, newcomers' rises over an empty month, windows with too few own months
# before them judged by the whole baseline (session 28); 3: a quiet or a sparse entity's one-month
# alarm starts at the improbable months of two members or more just before it, and a law firm's
# members are tested city by city and by its largest case, not in total (session 29); 4: a quiet
# entity's test weighs a tenth of the others' in the correction across entities, a sparse one's
# half, a one-month alarm's rise is judged by the pace without the rise's months, and a newcomer
# past its debut has min_history months at the newcomers' rate added to its pace (session 30); 5: a
# newcomer's slow spread through one city in its first year is a wave, and a law firm new in the
# data's first year leads waves through its new clients (session 31); 6: a city is tested only where
# the entity names more than it would in all, a far compound tail is summed from its own terms, and
# a young entity's first members, or its first big month after a quiet start, are new (session 35).
METHOD = 6


@dataclass(frozen=True)
class CacheStatus:
    """The latest stored computation against the data version now."""

    current_version: int
    run_id: int | None = None
    computed_version: int | None = None
    computed_at: dt.datetime | None = None
    seconds: float | None = None
    last_month: dt.date | None = None
    settings: Settings = field(default_factory=Settings)  # the run's (defaults where it has none)
    method: int = METHOD  # the method that found the run's results

    @property
    def missing(self) -> bool:
        return self.run_id is None

    @property
    def fresh(self) -> bool:
        return self.run_id is not None and self.computed_version == self.current_version and self.method == METHOD

    @property
    def earlier_method(self) -> bool:
        """Results of the current data found by an earlier method (not fresh for that alone)."""
        return self.run_id is not None and self.computed_version == self.current_version and self.method != METHOD


def cache_status(db: Database, version: int | None = None) -> CacheStatus:
    """Whether the herding cache matches the data, read in one snapshot (the cache changes without
    an import, so this is never cached). With ``version`` (a page's data version), raises
    DataChanged when the data has moved on since, so that the page reruns rather than label
    results with a version it does not show."""
    with db.snapshot(version) as snap:
        current = snap.data_version
        if not bool(snap.query("herding/has_table", table="herding_runs").iloc[0]["found"]):
            return CacheStatus(current)
        latest = snap.query("herding/status")
    if latest.empty:
        return CacheStatus(current)
    row = latest.iloc[0]
    return CacheStatus(
        current_version=current,
        run_id=int(row["run_id"]),
        computed_version=int(row["data_version"]),
        computed_at=pd.Timestamp(row["computed_at"]).to_pydatetime(),
        seconds=float(row["seconds"]),
        last_month=None if pd.isna(row["last_month"]) else pd.Timestamp(row["last_month"]).date(),
        settings=stored_settings(row["settings"]),
        method=stored_method(row["settings"]),
    )


def stored_settings(text: object) -> Settings:
    """A run's settings from their stored JSON: the fields this version knows, defaults for the
    rest (a run stored before a field was added)."""
    known = {f.name for f in fields(Settings)}
    values = _stored(text)
    if "wave_fdr" in values and "firm_fdr" not in values:
        values["firm_fdr"] = values["wave_fdr"]  # (law firms were held to wave_fdr before firm_fdr)
    return Settings(**{name: value for name, value in values.items() if name in known})


def stored_method(text: object) -> int:
    """The method that found a run, from its stored settings' JSON (1 for a run stored before the
    method was stored)."""
    method = _stored(text).get("method", 1)
    return method if isinstance(method, int) else 1


def _stored(text: object) -> dict[str, Any]:
    """A run's stored settings JSON as a dict (empty for none)."""
    values = json.loads(text) if isinstance(text, str) and text else {}
    return values if isinstance(values, dict) else {}


def store(db: Database, results: Results) -> int:
    """Adds these results as the newest run, in one transaction, and drops every run but the one
    they replace: a page that read the cache state just before keeps reading that run whole
    (labelled stale) until it reruns. Returns the new run id."""
    with db.write() as con:
        run_id = int(con.execute(load_sql("herding/next_run")).fetchall()[0][0])
        db.run_script(con, "herding/clear")
        run = pd.DataFrame(
            {
                "data_version": [results.data_version],
                "computed_at": [pd.Timestamp.now(tz="UTC").tz_localize(None)],
                "seconds": [results.seconds],
                "first_month": [results.first_month],
                "last_month": [results.last_month],
                "waves": [int((results.waves.get("pattern", pd.Series(dtype=str)) == "wave").sum())],
                "cohorts": [len(results.cohorts)],
                "settings": [json.dumps({**asdict(results.settings), "method": METHOD}, sort_keys=True)],
            }
        )
        for name, frame in [*results.tables().items(), ("runs", run)]:
            if frame.empty:
                continue
            con.register("herding_frame", frame.assign(run_id=run_id))
            try:
                con.execute(load_sql(f"herding/store_{name}"))
            finally:
                con.unregister("herding_frame")
    return run_id


def refresh(
    db: Database,
    *,
    force: bool = False,
    settings: Settings = Settings(),
    held: bool = False,
    progress: Progress = QUIET,
) -> CacheStatus:
    """Recomputes and stores the herding results unless the cache already matches the data.

    The import path calls this after each commit; ``python -m casewatch demo`` at the end; the
    page's recompute button too. One computation per database at a time: a second caller waits
    for the first and then finds the cache fresh. ``held``: the caller took the turn with
    hold_refresh(); this lets it go when done.
    """
    lock = _refresh_lock(db)
    if not held:
        lock.acquire()
    try:
        status = cache_status(db)
        if status.fresh and not force:
            return status
        results = pipeline.compute(db, settings, progress)
        with progress.stage("store"):
            store(db, results)
        return cache_status(db)
    finally:
        lock.release()


def hold_refresh(db: Database) -> bool:
    """Takes this process's recompute turn for the database if free (never waits: the caller may
    hold the write lock, which a recompute in progress needs to store its results); True when
    taken. An import takes it just before its commit and then calls refresh(held=True), so that
    a herding page at the new version waits for the results on their way instead of saying "not
    computed yet" in between. release_refresh() lets it go when the import fails instead."""
    return _refresh_lock(db).acquire(blocking=False)


def release_refresh(db: Database) -> None:
    _refresh_lock(db).release()


def refreshing(db: Database) -> bool:
    """True while this process recomputes the database's herding results."""
    return _refresh_lock(db).locked()


def wait_for_refresh(db: Database, timeout: float) -> bool:
    """Waits up to ``timeout`` seconds for a recompute of this process to finish; False if it is
    still running then."""
    lock = _refresh_lock(db)
    if not lock.acquire(timeout=timeout):
        return False
    lock.release()
    return True


_REFRESH_LOCKS: dict[str, threading.Lock] = {}
_REFRESH_LOCKS_GUARD = threading.Lock()


def _refresh_lock(db: Database) -> threading.Lock:
    with _REFRESH_LOCKS_GUARD:
        return _REFRESH_LOCKS.setdefault(db.path, threading.Lock())


def report(db: Database, status: CacheStatus, *, limit: int = 20) -> dict[str, pd.DataFrame]:
    """The cached results as named tables for the command line (all dates, at most ``limit`` rows each)."""
    wide: dict[str, Any] = {"date_from": dt.date(1900, 1, 1), "date_to": dt.date(2999, 12, 31)}
    run = status.run_id
    everything: dict[str, Any] = {
        "kinds": ["brand", "firm"],
        "brands": [],
        "firms": [],
        "cities": [],
        "sectors": [],
        **wide,
    }
    sections = {
        "waves": db.query("herding/waves", run=run, patterns=["wave"], **everything),
        "cohort re-suits": db.query("herding/waves", run=run, patterns=["cohort"], **everything),
        "cohorts": db.query("herding/cohorts", run=run),
    }
    for dimension in ("city", "sector"):
        sections[f"LSV alerts by {dimension}"] = db.query(
            "herding/lsv_alerts", run=run, dimension=dimension, cells=[], brands=[], limit=limit, **wide
        )
        sections[f"location quotients by {dimension}"] = db.query(
            "herding/location_quotients", run=run, dimension=dimension
        )
    sections["sector concentration"] = db.query("herding/concentration", run=run)
    sections["risk brands"] = db.query("herding/risk_brands", run=run, terms=[], limit=limit)
    return {name: frame.head(limit) for name, frame in sections.items()}
