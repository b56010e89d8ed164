"""Vectorised draws and grouping helpers shared by the demo generator, and its month calendar."""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass
from typing import Any

import numpy as np

from casewatch.demo.calibration import EPOCH, FIRST_MONTH
from casewatch.filters import add_months


@dataclass(frozen=True)
class Months:
    """The demo's months, numbered 0 (January 2019) to ``count - 1`` (the last full month)."""

    count: int
    date: list[dt.date]  # first day of each month, and of the month after the last
    day: np.ndarray  # the same as days since 1970-01-01
    cutoff: int  # last day of the last month (days since 1970-01-01)

    @classmethod
    def through(cls, last_month: dt.date) -> Months:
        count = (last_month.year - FIRST_MONTH.year) * 12 + last_month.month
        dates = [add_months(FIRST_MONTH, t) for t in range(count + 1)]
        day = np.array([(m - EPOCH).days for m in dates], dtype=np.int64)
        return cls(count=count, date=dates, day=day, cutoff=int(day[-1] - 1))


def apportion(total: int, weights: np.ndarray, minimum: int) -> np.ndarray:
    """Integer counts summing to total, proportional to weights, each at least minimum."""
    w = np.asarray(weights, float) / np.sum(weights)
    spare = total - minimum * len(w)
    exact = w * spare
    counts = np.floor(exact).astype(np.int64)
    order = np.argsort(-(exact - counts), kind="stable")
    counts[order[: spare - counts.sum()]] += 1
    result: np.ndarray = counts + minimum
    return result


def choice_by_group(rng: np.random.Generator, groups: np.ndarray, probs: np.ndarray) -> np.ndarray:
    """For each element, a category drawn from probs[group] (rows of a probability matrix)."""
    out = np.zeros(len(groups), dtype=np.int64)
    u = rng.random(len(groups))
    cdf = np.cumsum(probs, axis=1)
    cdf /= cdf[:, -1:]
    for g in np.unique(groups):
        at = groups == g
        out[at] = np.minimum(np.searchsorted(cdf[g], u[at], side="right"), probs.shape[1] - 1)
    return out


def pick_in_ranges(rng: np.random.Generator, start: np.ndarray, count: np.ndarray, power: float = 1.0) -> np.ndarray:
    """Index start + floor(count * u**power): uniform (power 1) or skewed to the range's front."""
    u = rng.random(len(start))
    if power != 1.0:
        u = u**power
    picked: np.ndarray = start + np.minimum((u * count).astype(np.int64), np.maximum(count - 1, 0))
    return picked


def group_starts(sorted_keys: np.ndarray) -> np.ndarray:
    """Boolean mask: True where a new run of equal keys begins."""
    first = np.ones(len(sorted_keys), dtype=bool)
    first[1:] = sorted_keys[1:] != sorted_keys[:-1]
    return first


def running_count(sorted_keys: np.ndarray, values: np.ndarray) -> np.ndarray:
    """Cumulative sum of values restarting at each run of equal keys."""
    total = np.cumsum(values)
    first = group_starts(sorted_keys)
    base = np.where(first, total - values, 0)
    base = np.maximum.accumulate(np.where(first, base, -1))
    return total - base


def lognormal_int(rng: np.random.Generator, median: float, sigma: float, size: int, low: int, high: int) -> np.ndarray:
    """Lognormal draws around ``median``, rounded and clipped to [low, high]."""
    return np.clip(np.rint(rng.lognormal(math.log(median), sigma, size)), low, high).astype(np.int64)


def norm(weights: Any) -> np.ndarray:
    """Weights scaled to sum to 1."""
    w = np.asarray(weights, float)
    normed: np.ndarray = w / w.sum()
    return normed


def rng_choice(rng: np.random.Generator, values: np.ndarray) -> Any:
    """One element of ``values``, uniformly (one integer draw)."""
    return values[int(rng.integers(0, len(values)))]
