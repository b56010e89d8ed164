"""The wave detector and cohorts scored against a demo database's planted truth."""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field

import numpy as np
import numpy.typing as npt
import pandas as pd

from casewatch import errors
from casewatch.db import Database
from casewatch.herding.cache import refresh
from casewatch.herding.settings import Settings
from casewatch.herding.stats import jaccard


class NoPlantedTruth(errors.CaseWatchError):
    """--evaluate on a database that is not a demo (it has no demo_truth table)."""

    key = "herding.error.no_truth"


@dataclass(frozen=True)
class ShapeScore:
    """One shape's figures: planted waves found by their own entity, detected waves credited to
    it (those matching a planted wave of this shape) and false waves shown with this shape."""

    planted: int
    found: int
    credited: int
    false: int
    months_to_flag: tuple[int, ...]  # per found wave: its first flag's month minus its start
    on_time: int = 0  # ramps: found no later than the month their members reached min_members

    @property
    def precision(self) -> float:
        return self.credited / (self.credited + self.false) if self.credited + self.false else 1.0

    @property
    def recall(self) -> float:
        return self.found / self.planted if self.planted else 1.0

    @property
    def median_months_to_flag(self) -> float:
        return float(np.median(self.months_to_flag)) if self.months_to_flag else math.nan


@dataclass(frozen=True)
class WaveError:
    """One wave the detector got wrong: a planted wave it did not find ("missed"), a wave it listed
    that matches none ("false"), or a planted ramp it found after the month its members reached the
    size threshold, or whose members never reached it ("late"). Months as YYYY-MM:
    ``start_month`` the planted wave's (the listed one's for a false wave), ``flagged_month`` the
    first flag (empty for a missed wave)."""

    error: str
    shape: str
    entity_kind: str
    entity: str
    start_month: str
    flagged_month: str = ""


@dataclass(frozen=True)
class Evaluation:
    """How the detectors did against a demo's planted truth (waves of both entity kinds)."""

    planted_waves: int
    detected_waves: int
    matched_detected: int  # detected waves that match a planted wave
    found_planted: int  # planted waves matched by a detected wave of their own entity
    brand_years: float
    cohort_jaccard: dict[str, float]
    false_brand_waves: int = 0
    false_firm_waves: int = 0
    firm_years: float = 0.0
    shapes: dict[str, ShapeScore] = field(default_factory=dict)
    decoys: dict[str, tuple[int, int]] = field(default_factory=dict)  # shape -> (flagged, planted)
    errors: tuple[WaveError, ...] = ()  # missed, false and late waves, in that order

    @property
    def precision(self) -> float:
        return self.matched_detected / self.detected_waves if self.detected_waves else 1.0

    @property
    def recall(self) -> float:
        return self.found_planted / self.planted_waves if self.planted_waves else 1.0

    @property
    def false_waves(self) -> int:
        return self.detected_waves - self.matched_detected

    @property
    def false_per_100_brand_years(self) -> float:
        return 100 * self.false_brand_waves / self.brand_years if self.brand_years else 0.0

    @property
    def false_per_100_firm_years(self) -> float:
        return 100 * self.false_firm_waves / self.firm_years if self.firm_years else 0.0

    def as_dict(self) -> dict[str, object]:
        return {
            **asdict(self),
            "precision": self.precision,
            "recall": self.recall,
            "false_waves": self.false_waves,
            "false_per_100_brand_years": self.false_per_100_brand_years,
            "false_per_100_firm_years": self.false_per_100_firm_years,
            "shapes": {
                name: {
                    **asdict(value),
                    "precision": value.precision,
                    "recall": value.recall,
                    # (JSON has no NaN: none found, no median)
                    "median_months_to_flag": (
                        None if math.isnan(value.median_months_to_flag) else value.median_months_to_flag
                    ),
                }
                for name, value in self.shapes.items()
            },
        }


def _month_number(values: pd.Series) -> npt.NDArray[np.int64]:
    stamps = pd.to_datetime(values)
    return np.asarray(stamps.dt.year * 12 + stamps.dt.month, dtype=np.int64)


def score(
    detected: pd.DataFrame,
    planted: pd.DataFrame,
    detected_cohorts: pd.DataFrame,
    planted_cohorts: pd.DataFrame,
    brand_years: float,
    *,
    firm_years: float = 0.0,
    threshold_months: dict[str, pd.Timestamp] | None = None,
) -> Evaluation:
    """Waves against planted truth, per shape, and each planted cohort's best Jaccard.

    A planted wave (kind 'wave', or any row when ``planted`` has no kind) is found when a detected
    wave of its own entity (entity_kind, entity; brand when those columns are absent) starts within
    one month of its start. A detected wave is true when it matches a planted wave that way, or is
    a law firm's wave starting within a month of a planted wave that firm filed (``firms``); it is
    credited to that planted wave's shape, and a false one counts against the shape it was shown
    with. A decoy is flagged when a detected wave of its entity overlaps its months (one either
    side). ``threshold_months``: per planted ramp, the month its members reached the size
    threshold, for the on-time count."""

    def normalised(frame: pd.DataFrame) -> pd.DataFrame:
        out = frame.copy()
        if "entity" not in out:
            out["entity"] = out["brand"]
        if "entity_kind" not in out:
            out["entity_kind"] = "brand"
        for column, default in (("kind", "wave"), ("shape", "sudden")):
            if column not in out:
                out[column] = default
        if "end_month" not in out:
            out["end_month"] = out["start_month"]
        if "flagged_month" not in out:
            out["flagged_month"] = out["start_month"]
        if "firms" not in out:
            out["firms"] = [[] for _ in range(len(out))]
        return out.reset_index(drop=True)

    found_frame, truth = normalised(detected), normalised(planted)
    waves = truth[truth["kind"] == "wave"].reset_index(drop=True)
    decoys = truth[truth["kind"] == "decoy"].reset_index(drop=True)
    own = np.zeros((len(found_frame), len(waves)), dtype=bool)
    echo = np.zeros_like(own)
    if len(found_frame) and len(waves):
        close = (
            np.abs(_month_number(found_frame["start_month"])[:, None] - _month_number(waves["start_month"])[None, :])
            <= 1
        )
        key = found_frame["entity_kind"] + "\x1f" + found_frame["entity"].astype(str)
        truth_key = waves["entity_kind"] + "\x1f" + waves["entity"].astype(str)
        own = close & (key.to_numpy()[:, None] == truth_key.to_numpy()[None, :])
        firm_rows = (found_frame["entity_kind"] == "firm").to_numpy()
        for j, firms in enumerate(waves["firms"]):
            listed = set(firms if firms is not None else [])
            echo[:, j] = close[:, j] & firm_rows & found_frame["entity"].isin(listed).to_numpy()
    hits = own | echo
    matched = np.asarray(hits.any(axis=1), dtype=bool)
    found = np.asarray(own.any(axis=0), dtype=bool)
    flagged_at = _month_number(found_frame["flagged_month"]) if len(found_frame) else np.zeros(0, dtype=np.int64)
    starts = _month_number(waves["start_month"]) if len(waves) else np.zeros(0, dtype=np.int64)
    shapes: dict[str, ShapeScore] = {}
    errors: list[WaveError] = []
    late: list[WaveError] = []
    unmatched = found_frame["shape"][~matched] if len(found_frame) else pd.Series(dtype=str)
    for shape in sorted(set(waves["shape"]) | set(unmatched)):
        columns = np.flatnonzero((waves["shape"] == shape).to_numpy())
        credited = int(np.isin(np.argmax(hits, axis=1)[matched], columns).sum()) if len(columns) else 0
        false = int(((found_frame["shape"] == shape).to_numpy() & ~matched).sum()) if len(found_frame) else 0
        delays, on_time = [], 0
        for j in columns.tolist():
            if not bool(found[j]):
                errors.append(_error("missed", waves.iloc[j]))
                continue
            first_flag = int(flagged_at[own[:, j]].min())
            delays.append(first_flag - int(starts[j]))
            limit = (threshold_months or {}).get(str(waves.loc[j, "truth_id"])) if "truth_id" in waves else None
            if limit is not None and first_flag <= int(_month_number(pd.Series([limit]))[0]):
                on_time += 1
            elif shape == "ramp":
                late.append(_error("late", waves.iloc[j], flagged=found_frame.loc[own[:, j], "flagged_month"].min()))
        shapes[str(shape)] = ShapeScore(
            len(columns), int(np.asarray(found)[columns].sum()), credited, false, tuple(delays), on_time
        )
    decoy_counts: dict[str, tuple[int, int]] = {}
    for shape, group in decoys.groupby("shape"):
        flagged = 0
        for row in group.itertuples(index=False):
            lo, hi = (
                _month_number(pd.Series([row.start_month]))[0] - 1,
                _month_number(pd.Series([row.end_month]))[0] + 1,
            )
            mine = found_frame[(found_frame["entity_kind"] == row.entity_kind) & (found_frame["entity"] == row.entity)]
            if (
                len(mine)
                and ((_month_number(mine["start_month"]) <= hi) & (_month_number(mine["end_month"]) >= lo)).any()
            ):
                flagged += 1
        decoy_counts[str(shape)] = (flagged, len(group))
    false_rows = found_frame[~matched] if len(found_frame) else found_frame
    listed_false = [_error("false", row, flagged=row["flagged_month"]) for _, row in false_rows.iterrows()]
    groups = [set(g["member_id"]) for _, g in detected_cohorts.groupby("cohort_id")]
    best = {
        str(truth_id): max((jaccard(set(g["member_id"]), group) for group in groups), default=0.0)
        for truth_id, g in planted_cohorts.groupby("truth_id")
    }
    return Evaluation(
        planted_waves=len(waves),
        detected_waves=len(found_frame),
        matched_detected=int(matched.sum()),
        found_planted=int(found.sum()),
        brand_years=brand_years,
        cohort_jaccard=best,
        false_brand_waves=int((false_rows["entity_kind"] == "brand").sum()),
        false_firm_waves=int((false_rows["entity_kind"] == "firm").sum()),
        firm_years=firm_years,
        shapes=shapes,
        decoys=decoy_counts,
        errors=tuple(errors + listed_false + late),
    )


def _error(error: str, row: pd.Series, *, flagged: pd.Timestamp | None = None) -> WaveError:
    """A WaveError of a planted or a detected wave's row (``flagged``: the first flag's month)."""
    start = pd.Timestamp(row["start_month"]).strftime("%Y-%m")
    first_flag = "" if flagged is None else pd.Timestamp(flagged).strftime("%Y-%m")
    return WaveError(error, str(row["shape"]), str(row["entity_kind"]), str(row["entity"]), start, first_flag)


def ramp_threshold_months(months: pd.DataFrame, min_members: int) -> dict[str, pd.Timestamp]:
    """Per planted item (truth_id, sued_month, members rows): the month its members reached
    min_members counted from its start."""
    reached: dict[str, pd.Timestamp] = {}
    for truth_id, group in months.sort_values("sued_month").groupby("truth_id"):
        total = group["members"].cumsum()
        if (total >= min_members).any():
            reached[str(truth_id)] = pd.Timestamp(group["sued_month"].to_numpy()[int(np.argmax(total >= min_members))])
    return reached


def evaluate(db: Database, settings: Settings = Settings()) -> Evaluation:
    """Scores the cached results (refreshed first) against the database's demo_truth."""
    if not bool(db.query("herding/has_table", table="demo_truth").iloc[0]["found"]):
        raise NoPlantedTruth(f"{db.path} has no demo_truth table (not a demo database)", path=db.path)
    status = refresh(db)
    years = db.query("herding/brand_years").iloc[0]
    planted = db.query("herding/truth_waves")
    ramps = planted.loc[planted["shape"] == "ramp", "truth_id"].tolist()
    return score(
        db.query("herding/eval_waves", run=status.run_id),
        planted,
        db.query("herding/eval_cohorts", run=status.run_id),
        db.query("herding/truth_cohorts"),
        float(years["brand_years"]),
        firm_years=float(years["firm_years"]),
        threshold_months=ramp_threshold_months(
            db.query("herding/truth_wave_months", truth_ids=ramps), settings.min_members
        ),
    )


def combine(evaluations: Sequence[Evaluation], labels: Sequence[object] | None = None) -> Evaluation:
    """Several demos' evaluations as one (issue 23 judges five seeds together): every count, the
    brand- and firm-years (summed exactly: math.fsum) and the decoys summed, each shape's delays and
    the errors in the demos' order, and the cohorts keyed by each demo's label (its seed; by
    default its place in the list, from 1): ``3116:C1``. Raises ValueError for no evaluation."""
    if not evaluations:
        raise ValueError("no evaluations to combine")
    names = [str(label) for label in labels] if labels is not None else [str(i + 1) for i in range(len(evaluations))]
    if len(names) != len(evaluations) or len(set(names)) != len(names):
        raise ValueError(f"labels {names} do not name the {len(evaluations)} evaluations one each")
    shapes: dict[str, ShapeScore] = {}
    decoys: dict[str, tuple[int, int]] = {}
    for one in evaluations:
        for name, got in one.shapes.items():
            was = shapes.get(name, ShapeScore(0, 0, 0, 0, ()))
            shapes[name] = ShapeScore(
                was.planted + got.planted,
                was.found + got.found,
                was.credited + got.credited,
                was.false + got.false,
                was.months_to_flag + got.months_to_flag,
                was.on_time + got.on_time,
            )
        for name, (flagged, planted) in one.decoys.items():
            before = decoys.get(name, (0, 0))
            decoys[name] = (before[0] + flagged, before[1] + planted)
    return Evaluation(
        planted_waves=sum(e.planted_waves for e in evaluations),
        detected_waves=sum(e.detected_waves for e in evaluations),
        matched_detected=sum(e.matched_detected for e in evaluations),
        found_planted=sum(e.found_planted for e in evaluations),
        brand_years=math.fsum(e.brand_years for e in evaluations),
        cohort_jaccard={
            f"{name}:{truth_id}": value
            for name, one in zip(names, evaluations, strict=True)
            for truth_id, value in one.cohort_jaccard.items()
        },
        false_brand_waves=sum(e.false_brand_waves for e in evaluations),
        false_firm_waves=sum(e.false_firm_waves for e in evaluations),
        firm_years=math.fsum(e.firm_years for e in evaluations),
        shapes=dict(sorted(shapes.items())),
        decoys=dict(sorted(decoys.items())),
        errors=tuple(error for one in evaluations for error in one.errors),
    )


def shortfalls(evaluation: Evaluation, min_score: float = 0.95, max_false_per_100: float = 1.0) -> list[str]:
    """Where an evaluation falls short of issue 23's bar, one line each (none: it meets it): a
    shape's recall or precision under ``min_score``, a planted ramp flagged after the month its
    members reached the size threshold, or more than ``max_false_per_100`` false rights holders'
    waves per 100 brand-years."""
    found: list[str] = []
    for name, figures in evaluation.shapes.items():
        if figures.recall < min_score:
            found.append(f"{name}: recall {figures.recall:.3f} ({figures.found} of {figures.planted} found)")
        if figures.precision < min_score:
            shown = figures.credited + figures.false
            found.append(f"{name}: precision {figures.precision:.3f} ({figures.false} of {shown} shown are false)")
    ramps = evaluation.shapes.get("ramp")
    if ramps is not None and ramps.on_time < ramps.found:
        found.append(
            f"ramp: {ramps.found - ramps.on_time} of {ramps.found} found not flagged by the month their members "
            "reached the size threshold"
        )
    # brand-years are months / 12, summed over demos: the limit itself must not fail by a rounding
    if 100 * evaluation.false_brand_waves > max_false_per_100 * evaluation.brand_years * (1 + 1e-12):
        found.append(f"false waves: {evaluation.false_per_100_brand_years:.2f} per 100 brand-years")
    return found
