"""Waves and cohort re-suits of rights holders and law firms, from the database's aggregates."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import numpy as np
import pandas as pd

from casewatch.herding.detectors import burst_intervals, detect_alarms, wave_shape
from casewatch.herding.settings import TRIGGERS, Reader, Settings
from casewatch.herding.stats import (
    FloatArray,
    IntArray,
    case_size_pmf,
    most_frequent,
    pooled_dispersion,
    population_rate,
    runs,
    seasonal_factors,
)

WAVE_MEMBER_COLUMNS = ("wave_id", "member_id", "first_sued_on", "case_id")
WAVE_COLUMNS = (
    "wave_id", "entity_kind", "entity", "pattern", "trigger", "start_month", "end_month", "months",
    "members_hit", "peak_members", "baseline_mean", "p_value", "cusum", "burst_start", "burst_end",
    "overlap", "active", "cases", "top_cities", "top_sectors", "shape", "flagged_month",
)  # fmt: skip


def _month_index(first: dt.date, last: dt.date) -> pd.DatetimeIndex:
    return pd.date_range(pd.Timestamp(first), pd.Timestamp(last), freq="MS")


@dataclass
class _Alarm:
    """One alarm month of one entity (see detect_alarms)."""

    entity_kind: str
    entity: str
    row: int
    t: int
    onset_t: int
    trigger: str
    p_value: float
    baseline_mean: float
    cusum: float
    window: int
    population: bool
    overlap: float = 0.0


def _entity_series(
    kind: str, histories: pd.DataFrame, new_members: pd.DataFrame, months: pd.DatetimeIndex
) -> tuple[list[str], FloatArray, IntArray]:
    """The entities of one kind, their monthly new-member counts and first-month indices."""
    history = histories[histories["entity_kind"] == kind]
    entities = history["entity"].astype(str).tolist()
    position = {entity: i for i, entity in enumerate(entities)}
    counts = np.zeros((len(entities), len(months)))
    hits = new_members[new_members["entity_kind"] == kind]
    if not hits.empty:
        rows = hits["entity"].map(position).to_numpy(dtype=np.int64)
        cols = months.get_indexer(pd.DatetimeIndex(hits["month"]))
        counts[rows, cols] = hits["new_members"].to_numpy(dtype=np.float64)
    start = months.get_indexer(pd.DatetimeIndex(history["first_month"])).astype(np.int64)
    return entities, counts, start


def detect_waves(db: Reader, settings: Settings, first: dt.date, last: dt.date) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Waves and cohort re-suits of rights holders and law firms, and the members each hit.

    Alarm months (``detect_alarms``) whose newly sued members repeat one other case's member
    defendants (Jaccard >= cohort_overlap) are cohort re-suits, one row each; the other alarm
    months form waves, one per run of consecutive months, ending no earlier than the Kleinberg
    burst of the entity's share of all members newly sued that they lie in.
    """
    months = _month_index(first, last)
    case_members = db.query("herding/entity_case_members")
    new_members = pd.DataFrame(
        case_members.groupby(["entity_kind", "entity", "month"], as_index=False)["new_members"].sum()
    )
    histories = db.query("herding/entity_first_months")
    alarms: list[_Alarm] = []
    series: dict[str, tuple[list[str], FloatArray, IntArray]] = {
        kind: _entity_series(kind, histories, new_members, months) for kind in ("brand", "firm")
    }
    # the season and the newcomers' rate come from the rights holders (many more than law firms)
    brand_counts, brand_start = series["brand"][1], series["brand"][2]
    season = seasonal_factors(brand_counts.sum(axis=0), months[0].month)
    newcomers = population_rate(brand_counts, brand_start, brand_start == 0, settings.population_months, season)
    for kind in ("brand", "firm"):
        entities, counts, start = series[kind]
        if not entities:
            continue
        own_cases = case_members[case_members["entity_kind"] == kind]
        sizes = case_size_pmf(own_cases["new_members"])
        per_month = own_cases.groupby(["entity_kind", "entity", "month"]).size().rename("new_members").reset_index()
        _, case_counts, _ = _entity_series(kind, histories, per_month, months)
        found = detect_alarms(
            counts,
            start,
            start == 0,
            settings,
            season=season,
            population=newcomers,
            case_sizes=sizes,
            case_dispersion=pooled_dispersion(case_counts, start),
        )
        for row, t in zip(*np.nonzero(found.alarm), strict=True):
            alarms.append(
                _Alarm(
                    entity_kind=kind,
                    entity=entities[row],
                    row=int(row),
                    t=int(t),
                    onset_t=int(found.onset[row, t]),
                    trigger=TRIGGERS[found.trigger[row, t]],
                    p_value=float(found.p_value[row, t]),
                    baseline_mean=float(found.baseline[row, t]),
                    cusum=float(found.cusum[row, t]),
                    window=int(found.window[row, t]),
                    population=bool(found.population[row, t]),
                )
            )
    if not alarms:
        return pd.DataFrame(columns=list(WAVE_COLUMNS)), pd.DataFrame(columns=list(WAVE_MEMBER_COLUMNS))
    # a build-up is checked over its whole run and over its alarm month alone: a run that ends
    # in a cohort re-suit is that re-suit, not a wave
    checks = [(a, a.onset_t) for a in alarms] + [(a, a.t) for a in alarms if a.onset_t != a.t]
    overlap = db.query(
        "herding/alarm_overlap",
        kinds=[a.entity_kind for a, _ in checks],
        entities=[a.entity for a, _ in checks],
        onsets=[months[onset].date() for _, onset in checks],
        months=[months[a.t].date() for a, _ in checks],
    )
    best: dict[tuple[str, str, pd.Timestamp], float] = {}
    for kind, entity, month, value in overlap[["entity_kind", "entity", "month", "best_overlap"]].itertuples(
        index=False, name=None
    ):
        key = (str(kind), str(entity), pd.Timestamp(month))
        best[key] = max(best.get(key, 0.0), float(value))
    by_entity: dict[tuple[str, str], list[_Alarm]] = {}
    for alarm in alarms:
        alarm.overlap = best.get((alarm.entity_kind, alarm.entity, months[alarm.t]), 0.0)
        by_entity.setdefault((alarm.entity_kind, alarm.entity), []).append(alarm)

    waves: list[dict[str, object]] = []
    for (kind, entity), found_alarms in sorted(by_entity.items()):
        _, counts, start = series[kind]
        row = found_alarms[0].row
        first_t = int(start[row])
        totals = counts.sum(axis=0)
        bursts = [
            (a + first_t, b + first_t)
            for a, b in burst_intervals(
                counts[row, first_t:], totals[first_t:], settings.kleinberg_s, settings.kleinberg_gamma
            )
        ]
        in_wave = [a for a in found_alarms if a.overlap < settings.cohort_overlap]
        flags = np.zeros(len(months), dtype=bool)
        for a in in_wave:  # a wave spans its alarms' windows: a ramp's months run into its alarm
            flags[a.onset_t : a.t + 1] = True
        for lo, hi in runs(flags):
            part = [a for a in in_wave if lo <= a.t <= hi]
            waves.append(_wave_row(kind, entity, part, "wave", bursts, counts[row], months))
        for alarm in found_alarms:
            if alarm.overlap >= settings.cohort_overlap:
                waves.append(_wave_row(kind, entity, [alarm], "cohort", bursts, counts[row], months))
    frame = pd.DataFrame(waves).sort_values(["entity_kind", "start_month", "entity", "pattern"], kind="stable")
    frame["wave_id"] = [
        f"{kind[0].upper()}{number:04d}"
        for kind, number in zip(frame["entity_kind"], frame.groupby("entity_kind").cumcount() + 1, strict=True)
    ]
    frame["active"] = frame["end_month"] >= months[-1] - pd.DateOffset(months=1)
    members = db.query(
        "herding/wave_members",
        wave_ids=frame["wave_id"].tolist(),
        kinds=frame["entity_kind"].tolist(),
        entities=frame["entity"].tolist(),
        starts=[m.date() for m in frame["start_month"]],
        ends=[m.date() for m in frame["end_month"]],
    )
    hit: dict[str, list[tuple[object, object, object]]] = {}
    for wave_id, case_id, city, sector in members[["wave_id", "case_id", "city_code", "sector_code"]].itertuples(
        index=False, name=None
    ):
        hit.setdefault(str(wave_id), []).append((case_id, city, sector))
    frame["members_hit"] = [len(hit.get(w, [])) for w in frame["wave_id"]]
    frame["cases"] = [len({c for c, _, _ in hit.get(w, [])}) for w in frame["wave_id"]]
    frame["top_cities"] = [most_frequent([city for _, city, _ in hit.get(w, [])]) for w in frame["wave_id"]]
    frame["top_sectors"] = [most_frequent([sector for _, _, sector in hit.get(w, [])]) for w in frame["wave_id"]]
    cities: dict[str, list[int]] = {
        str(w): g.value_counts().tolist() for w, g in members.groupby("wave_id")["city_code"]
    }
    brands: dict[str, list[int]] = {str(w): g.value_counts().tolist() for w, g in members.groupby("wave_id")["brand"]}
    frame["shape"] = [
        wave_shape(kind, window, young, baseline, cities.get(w, []), brands.get(w, []), settings)
        for kind, window, young, baseline, w in zip(
            frame["entity_kind"],
            frame["window"],
            frame["population"],
            frame["baseline_mean"],
            frame["wave_id"],
            strict=True,
        )
    ]
    return frame[list(WAVE_COLUMNS)].reset_index(drop=True), members[list(WAVE_MEMBER_COLUMNS)]


def _wave_row(
    kind: str,
    entity: str,
    part: list[_Alarm],
    pattern: str,
    bursts: list[tuple[int, int]],
    counts: FloatArray,
    months: pd.DatetimeIndex,
) -> dict[str, object]:
    """One wave (a run of alarm months) or cohort re-suit; a wave extends to the end of the
    Kleinberg burst it overlaps."""
    hi = max(a.t for a in part)
    # a cohort re-suit is the month it happened; a wave starts where its rise began
    lo = hi if pattern == "cohort" else min(a.onset_t for a in part)
    flagged = min(a.t for a in part)
    burst = next(((a, b) for a, b in bursts if a <= hi and b >= lo), None)
    end = max(hi, burst[1]) if burst and pattern == "wave" else hi
    first = part[0]
    return {
        "entity_kind": kind,
        "entity": entity,
        "pattern": pattern,
        "trigger": first.trigger,
        "start_month": months[lo],
        "end_month": months[end],
        "months": end - lo + 1,
        "members_hit": int(counts[lo : end + 1].sum()),
        "peak_members": int(counts[lo : hi + 1].max()),
        "baseline_mean": first.baseline_mean,
        "p_value": min(a.p_value for a in part),
        "cusum": first.cusum,
        "burst_start": months[burst[0]] if burst else pd.NaT,
        "burst_end": months[burst[1]] if burst else pd.NaT,
        "overlap": max(a.overlap for a in part),
        "cases": 0,
        "flagged_month": months[flagged],
        "window": first.window,
        "population": first.population,
    }
