"""Time to milestone (Kaplan–Meier) and competing outcomes (Aalen–Johansen), from counts.

The database aggregates cases (or defendants) to one row per distinct duration with the number
of events and of censored observations there (queries/lifecycle/*.sql); these functions turn such
counts into curves. Matters without the milestone are censored at the data cut-off (the latest
date in the data), so an open case counts as "not yet" rather than being dropped.

Kaplan–Meier: S(t) = prod over event times t_i <= t of (1 - d_i / n_i), with n_i the number
still at risk just before t_i (observations censored at t_i count as at risk at t_i). Greenwood's
variance with the log-log confidence interval, as ``scipy.stats.ecdf(...).sf.confidence_interval(
method="log-log")``; tests/unit/test_lifecycle.py checks the agreement. Median: the first t with
S(t) <= 0.5.

Aalen–Johansen cumulative incidence for competing causes: CIF_k(t) = sum over t_i <= t of
S(t_i-) * d_ki / n_i, where S is the all-cause Kaplan–Meier curve; S(t) itself is the share still
pending, so the causes and the pending share add up to one at every t.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd
from scipy import special

CAUSES = ("default_judgment", "settled", "dismissed", "won")
MILESTONES = ("tro", "pi", "default_judgment", "closed")


def _by_time(days: Sequence[float] | pd.Series, counts: dict[str, Sequence[float] | pd.Series]) -> pd.DataFrame:
    """Counts summed per distinct duration, sorted ascending; negative durations are an error."""
    columns = {name: np.asarray(values, dtype=float) for name, values in counts.items()}
    frame = pd.DataFrame({"days": np.asarray(days, dtype=float), **columns})
    if frame["days"].isna().any() or (frame["days"] < 0).any():
        raise ValueError("durations must be known and not negative")
    return frame.groupby("days", as_index=False, sort=True).sum()


def kaplan_meier(
    days: Sequence[float] | pd.Series,
    events: Sequence[float] | pd.Series,
    censored: Sequence[float] | pd.Series,
    *,
    confidence: float = 0.95,
) -> pd.DataFrame:
    """One row per distinct duration: days, at_risk, events, censored, survival, lower, upper
    (pointwise log-log interval of S), and reached = 1 - survival with reached_lower/_upper.

    Where S is 1 (no event yet) or 0 the interval collapses onto S; where Greenwood's variance is
    infinite (everyone left at risk has the event) the bound is 0 or 1.
    """
    table = _by_time(days, {"events": events, "censored": censored})
    leaving = table["events"] + table["censored"]
    at_risk = leaving[::-1].cumsum()[::-1].to_numpy()
    d = table["events"].to_numpy()
    with np.errstate(divide="ignore", invalid="ignore"):
        survival = np.cumprod(np.where(at_risk > 0, (at_risk - d) / at_risk, 1.0))
        greenwood = np.cumsum(np.where(at_risk > d, d / (at_risk * (at_risk - d)), np.where(d > 0, np.inf, 0.0)))
        z = float(special.ndtri(0.5 + confidence / 2))
        log_s = np.log(survival)
        se = np.sqrt(greenwood) / np.abs(log_s)
        centre = np.log(-log_s)
        lower = np.exp(-np.exp(centre + z * se))
        upper = np.exp(-np.exp(centre - z * se))
    lower = np.where(survival >= 1.0, 1.0, np.where(survival <= 0.0, 0.0, lower))
    upper = np.where(survival >= 1.0, 1.0, np.where(survival <= 0.0, 0.0, upper))
    lower = np.nan_to_num(lower, nan=0.0)
    upper = np.nan_to_num(upper, nan=1.0)
    curve = pd.DataFrame(
        {
            "days": table["days"].to_numpy(),
            "at_risk": at_risk.astype(int),
            "events": d.astype(int),
            "censored": table["censored"].to_numpy().astype(int),
            "survival": survival,
            "lower": lower,
            "upper": upper,
        }
    )
    curve["reached"] = 1.0 - curve["survival"]
    curve["reached_lower"] = 1.0 - curve["upper"]
    curve["reached_upper"] = 1.0 - curve["lower"]
    return curve


def median_days(curve: pd.DataFrame) -> float:
    """First duration with survival <= 0.5; NaN when the curve never gets there."""
    hit = curve.loc[curve["survival"] <= 0.5, "days"]
    return float(hit.iloc[0]) if len(hit) else float("nan")


def kaplan_meier_groups(counts: pd.DataFrame, by: Sequence[str], *, confidence: float = 0.95) -> pd.DataFrame:
    """Kaplan–Meier curves per group of ``counts`` (columns ``by`` + days, events, censored),
    stacked with the ``by`` columns in front."""
    curves = []
    for key, part in counts.groupby(list(by), sort=True, dropna=False):
        curve = kaplan_meier(part["days"], part["events"], part["censored"], confidence=confidence)
        keys = key if isinstance(key, tuple) else (key,)
        for name, value in zip(by, keys, strict=True):
            curve.insert(0, name, [value] * len(curve))
        curves.append(curve)
    columns = [*by, "days", "at_risk", "events", "censored", "survival", "lower", "upper", "reached"]
    if not curves:
        return pd.DataFrame(columns=[*columns, "reached_lower", "reached_upper"])
    return pd.concat(curves, ignore_index=True)


def median_table(counts: pd.DataFrame, by: Sequence[str]) -> pd.DataFrame:
    """Per group of ``counts``: matters (observations), reached (events) and median_days."""
    rows = []
    for key, part in counts.groupby(list(by), sort=True, dropna=False):
        curve = kaplan_meier(part["days"], part["events"], part["censored"])
        keys = key if isinstance(key, tuple) else (key,)
        rows.append(
            {
                **dict(zip(by, keys, strict=True)),
                "matters": int(part["events"].sum() + part["censored"].sum()),
                "reached": int(part["events"].sum()),
                "median_days": median_days(curve),
            }
        )
    return pd.DataFrame(rows, columns=[*by, "matters", "reached", "median_days"])


def median_grid(counts: pd.DataFrame) -> pd.DataFrame:
    """Kaplan–Meier median days per group (rows, ``grp`` codes in first-seen order) and milestone
    (columns in MILESTONES order) from lifecycle/milestones counts; NaN where not reached by half."""
    medians = median_table(counts, ["grp", "milestone"])
    grid = medians.pivot(index="grp", columns="milestone", values="median_days")
    order = list(dict.fromkeys(counts["grp"]))
    return grid.reindex(index=order, columns=[m for m in MILESTONES if m in grid.columns])


def cumulative_incidence(counts: pd.DataFrame, causes: Sequence[str] = CAUSES) -> pd.DataFrame:
    """Aalen–Johansen curves from ``counts`` (columns days, cause, matters; cause NULL/'' means
    censored): one row per distinct duration with at_risk, one column per cause (its cumulative
    incidence) and ``pending`` (all-cause Kaplan–Meier survival); each row sums to 1.

    A row at day 0 with everything pending comes first so a stacked chart starts at the origin.
    """
    unknown = set(counts["cause"].dropna()) - set(causes) - {""}
    if unknown:
        raise ValueError(f"unknown causes: {sorted(unknown)}")
    wide = pd.DataFrame({"days": counts["days"].astype(float)})
    for cause in causes:
        wide[cause] = np.where(counts["cause"] == cause, counts["matters"], 0)
    wide["censored"] = np.where(counts["cause"].isin(causes), 0, counts["matters"])
    table = _by_time(wide["days"], {c: wide[c] for c in [*causes, "censored"]})
    events = table[list(causes)].to_numpy()
    leaving = events.sum(axis=1) + table["censored"].to_numpy()
    at_risk = leaving[::-1].cumsum()[::-1]
    with np.errstate(divide="ignore", invalid="ignore"):
        hazard = np.where(at_risk[:, None] > 0, events / at_risk[:, None], 0.0)
    survival = np.cumprod(1.0 - hazard.sum(axis=1))
    before = np.concatenate(([1.0], survival[:-1]))
    incidence = np.cumsum(before[:, None] * hazard, axis=0)
    result = pd.DataFrame(incidence, columns=list(causes))
    result.insert(0, "at_risk", at_risk.astype(int))
    result.insert(0, "days", table["days"].to_numpy())
    result["pending"] = survival
    if result.empty or result["days"].iloc[0] > 0:
        start = {"days": 0.0, "at_risk": int(leaving.sum()), **dict.fromkeys(causes, 0.0), "pending": 1.0}
        result = pd.concat([pd.DataFrame([start]), result], ignore_index=True)
    return result


def incidence_at(cif: pd.DataFrame, days: Sequence[int], causes: Sequence[str] = CAUSES) -> pd.DataFrame:
    """The cumulative-incidence curves read at given days since filing (the step value in force
    on that day): one row per day with at_risk (defendants still observed then, so a reader can
    tell a thin tail), each cause and ``pending``."""
    ordered = cif.sort_values("days")
    rows = []
    for day in days:
        before = ordered[ordered["days"] <= day]
        after = ordered[ordered["days"] >= day]
        last = before.iloc[-1] if len(before) else None
        rows.append(
            {
                "days": day,
                "at_risk": int(after["at_risk"].iloc[0]) if len(after) else 0,
                **{c: float(last[c]) if last is not None else 0.0 for c in causes},
                "pending": float(last["pending"]) if last is not None else 1.0,
            }
        )
    return pd.DataFrame(rows, columns=["days", "at_risk", *causes, "pending"])
