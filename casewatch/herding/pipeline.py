"""One herding computation: aggregates from DuckDB in, the frames of the herding_* tables out."""

from __future__ import annotations

import datetime as dt
import time
from dataclasses import dataclass

import numpy as np
import pandas as pd

from casewatch.db import Database
from casewatch.herding.cohorts import find_cohorts
from casewatch.herding.settings import Reader, Settings
from casewatch.herding.stats import (
    binomial_tail,
    gini,
    grouped_benjamini_hochberg,
    hhi,
    location_quotient,
    lsv,
    normalised_hhi,
)
from casewatch.herding.waves import detect_waves
from casewatch.progress import QUIET, Progress


@dataclass(frozen=True)
class Results:
    """One computation: frames named after the herding_* tables they are stored in."""

    data_version: int
    first_month: dt.date | None
    last_month: dt.date | None
    seconds: float
    settings: Settings
    waves: pd.DataFrame
    wave_members: pd.DataFrame
    heat: pd.DataFrame
    lsv: pd.DataFrame
    location: pd.DataFrame
    concentration: pd.DataFrame
    cohorts: pd.DataFrame
    cohort_members: pd.DataFrame
    cohort_edges: pd.DataFrame
    late_followers: pd.DataFrame
    brands: pd.DataFrame

    def tables(self) -> dict[str, pd.DataFrame]:
        return {
            "waves": self.waves,
            "wave_members": self.wave_members,
            "heat": self.heat,
            "lsv": self.lsv,
            "location": self.location,
            "concentration": self.concentration,
            "cohorts": self.cohorts,
            "cohort_members": self.cohort_members,
            "cohort_edges": self.cohort_edges,
            "late_followers": self.late_followers,
            "brands": self.brands,
        }


def herding_indices(db: Reader, settings: Settings) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    """LSV per (cell, rights holder, month) for cities and sectors: the heat map (cell x month)
    and the tests that survive Benjamini-Hochberg within each dimension and month; and the
    location quotients of both dimensions."""
    heats, alerts, locations = [], [], []
    for dimension in ("city", "sector"):
        cells = db.query("herding/lsv_cells", dimension=dimension)
        counts = db.query("herding/lsv_counts", dimension=dimension)
        month_members = cells.groupby("month")["n"].sum()
        counts["p_bar"] = counts.groupby(["brand", "month"])["k"].transform("sum") / counts["month"].map(month_members)
        tested = counts.merge(cells, on=["cell", "month"])
        tested = tested[tested["n"] >= settings.lsv_min_members].copy()
        tested["h"] = lsv(tested["k"], tested["n"], tested["p_bar"])
        tested["p_value"] = binomial_tail(tested["k"], tested["n"], tested["p_bar"])
        # the family of a month: every (cell with n >= min, holder active that month) pair; pairs
        # not listed have k = 0 and p = 1
        big_cells = cells[cells["n"] >= settings.lsv_min_members].groupby("month")["cell"].nunique()
        active = counts.groupby("month")["brand"].nunique()
        tested["found"] = grouped_benjamini_hochberg(
            tested["month"], tested["p_value"], tested["month"].map(big_cells * active).fillna(0), settings.lsv_fdr
        )
        per_cell = tested.groupby(["cell", "month"]).agg(mean_h=("h", "mean"), alerts=("found", "sum"))
        brands = counts.groupby(["cell", "month"])["brand"].nunique().rename("brands")
        heat = cells.set_index(["cell", "month"]).join(brands).join(per_cell).reset_index()
        heat["brands"] = heat["brands"].fillna(0).astype(int)
        heat["alerts"] = heat["alerts"].fillna(0).astype(int)
        heat["dimension"] = dimension
        heats.append(heat.rename(columns={"n": "members_sued"}))
        found = tested[tested["found"]].copy()
        found["dimension"] = dimension
        alerts.append(found[["dimension", "cell", "brand", "month", "k", "n", "p_bar", "h", "p_value"]])
        location = db.query("herding/location", dimension=dimension)
        location["lq"] = location_quotient(location["members_sued"], location["members"])
        location["dimension"] = dimension
        locations.append(location)
    return (
        pd.concat(heats, ignore_index=True),
        pd.concat(alerts, ignore_index=True),
        pd.concat(locations, ignore_index=True),
    )


def sector_concentration(db: Reader) -> pd.DataFrame:
    """Per top-level sector: how concentrated its defendant instances are across rights holders."""
    instances = db.query("herding/sector_brand_instances")
    rows = []
    for sector, group in instances.groupby("sector_code", sort=True):
        counts = group["defendant_instances"].to_numpy(dtype=np.float64)
        top = int(np.argmax(counts))
        rows.append(
            {
                "sector_code": sector,
                "defendant_instances": int(counts.sum()),
                "brands": len(counts),
                "hhi": hhi(counts),
                "hhi_norm": normalised_hhi(counts),
                "gini": gini(counts),
                "top_brand": str(group["brand"].iloc[top]),
                "top_share": float(counts[top] / counts.sum()),
            }
        )
    return pd.DataFrame(
        rows,
        columns=["sector_code", "defendant_instances", "brands", "hhi", "hhi_norm", "gini", "top_brand", "top_share"],
    )


def brand_profiles(db: Reader, last: dt.date, late: pd.DataFrame, waves: pd.DataFrame) -> pd.DataFrame:
    """The risk-brand list: rights holders that sued members, with volume, recency, waves."""
    brands = db.query("herding/brand_profiles", last_month=last)
    brand_waves = waves[(waves["entity_kind"] == "brand") & (waves["pattern"] == "wave")]
    brands["late_followers"] = brands["brand"].map(late.groupby("brand").size()).fillna(0).astype(int)
    brands["waves"] = brands["brand"].map(brand_waves.groupby("entity").size()).fillna(0).astype(int)
    active = set(brand_waves.loc[brand_waves["active"].astype(bool), "entity"])
    brands["active_wave"] = brands["brand"].isin(active)
    return brands


def compute(db: Database, settings: Settings = Settings(), progress: Progress = QUIET) -> Results:
    """Every herding result for the database's current data (reads aggregates only, all in one
    snapshot, so that the results belong to the data version they are stored under); ``progress``
    shows its stages (waves, indices, cohorts, brands)."""
    started = time.perf_counter()
    with db.snapshot() as snap:
        version = snap.data_version
        span = snap.query("herding/data_months").iloc[0]
        if pd.isna(span["first_month"]):
            empty = pd.DataFrame()
            return Results(version, None, None, time.perf_counter() - started, settings, *([empty] * 11))
        first, last = pd.Timestamp(span["first_month"]).date(), pd.Timestamp(span["last_month"]).date()
        with progress.stage("waves", unit="waves") as shown:
            waves, wave_members = detect_waves(snap, settings, first, last)
            shown.count(len(waves))
        with progress.stage("indices"):
            heat, alerts, location = herding_indices(snap, settings)
            concentration = sector_concentration(snap)
        with progress.stage("cohorts", unit="cohorts") as shown:
            cohorts, cohort_members, edges = find_cohorts(snap, settings)
            shown.count(len(cohorts))
        with progress.stage("brands"):
            late = snap.query("herding/late_followers")
            brands = brand_profiles(snap, last, late, waves)
    return Results(
        data_version=version,
        first_month=first,
        last_month=last,
        seconds=time.perf_counter() - started,
        settings=settings,
        waves=waves,
        wave_members=wave_members,
        heat=heat,
        lsv=alerts,
        location=location,
        concentration=concentration,
        cohorts=cohorts,
        cohort_members=cohort_members,
        cohort_edges=edges,
        late_followers=late,
        brands=brands,
    )
