"""The Poisson CUSUM (Page 1954; Lucas 1985) and Kleinberg's batched bursts (2003) on monthly
counts: the descriptive companions of the wave detector (METHODS.md)."""

from __future__ import annotations

import math

import numpy as np
import numpy.typing as npt
from scipy import stats

from casewatch.herding.stats import FloatArray, IntArray, runs

# Decision interval h of the Poisson CUSUM for in-control means l0 (l1 = 2 * l0), chosen for
# roughly 60-90 months between false alarms (Lucas 1985 tables, METHODS.md).
CUSUM_H = ((0.5, 2.75), (1.0, 3.25), (2.0, 3.5), (5.0, 4.0))


def cusum_reference(l0: npt.ArrayLike, ratio: float = 2.0) -> FloatArray:
    """Reference value k = (l1 - l0) / ln(l1 / l0) with l1 = ratio * l0."""
    l0_a = np.asarray(l0, dtype=np.float64)
    return np.asarray((ratio * l0_a - l0_a) / math.log(ratio), dtype=np.float64)


def cusum_threshold(l0: npt.ArrayLike) -> FloatArray:
    """Decision interval h for in-control mean l0: CUSUM_H interpolated on log(l0), held at the ends."""
    known_l0 = np.log([row[0] for row in CUSUM_H])
    known_h = [row[1] for row in CUSUM_H]
    l0_a = np.maximum(np.asarray(l0, dtype=np.float64), 1e-9)
    return np.asarray(np.interp(np.log(l0_a), known_l0, known_h), dtype=np.float64)


def poisson_cusum(counts: npt.ArrayLike, l0: npt.ArrayLike, ratio: float = 2.0) -> FloatArray:
    """The path S_t = max(0, S_{t-1} + x_t - k_t), S_0 = 0 (Page 1954); l0 may vary by month."""
    x = np.asarray(counts, dtype=np.float64)
    k = np.broadcast_to(cusum_reference(l0, ratio), x.shape)
    path = np.empty_like(x)
    level = 0.0
    for t, (x_t, k_t) in enumerate(zip(x, k, strict=True)):
        level = max(0.0, level + float(x_t) - float(k_t))
        path[t] = level
    return path


def kleinberg_states(relevant: npt.ArrayLike, totals: npt.ArrayLike, s: float = 2.0, gamma: float = 1.0) -> IntArray:
    """The cheapest two-state path (0 = base, 1 = burst) for shares r_t / d_t (Kleinberg 2003).

    p0 = sum r / sum d, p1 = s * p0 (capped below 1); a state costs -ln Binom(r_t; d_t, p_i);
    moving up costs gamma * ln(n) (n = number of batches), moving down is free; the path starts
    in the base state. Months with d_t = 0 cost nothing in either state.
    """
    r = np.asarray(relevant, dtype=np.float64)
    d = np.asarray(totals, dtype=np.float64)
    n = len(r)
    if n == 0 or d.sum() <= 0 or r.sum() <= 0:
        return np.zeros(n, dtype=np.int64)
    p0 = r.sum() / d.sum()
    p1 = min(s * p0, 0.9999)
    costs = np.vstack([-stats.binom.logpmf(r, d, p0), -stats.binom.logpmf(r, d, p1)])
    costs = np.nan_to_num(costs, nan=0.0, posinf=1e12)
    up = gamma * math.log(n)
    total = np.array([costs[0, 0], up + costs[1, 0]])
    came_from = np.zeros((2, n), dtype=np.int64)
    for t in range(1, n):
        to_base = (total[0], total[1])  # moving down is free
        to_burst = (total[0] + up, total[1])
        came_from[0, t] = int(np.argmin(to_base))
        came_from[1, t] = int(np.argmin(to_burst))
        total = np.array([min(to_base) + costs[0, t], min(to_burst) + costs[1, t]])
    states = np.zeros(n, dtype=np.int64)
    states[-1] = int(np.argmin(total))
    for t in range(n - 1, 0, -1):
        states[t - 1] = came_from[states[t], t]
    return states


def burst_intervals(
    relevant: npt.ArrayLike, totals: npt.ArrayLike, s: float = 2.0, gamma: float = 1.0
) -> list[tuple[int, int]]:
    """(first, last) month index of each Kleinberg burst of the shares r_t / d_t."""
    return runs(kleinberg_states(relevant, totals, s=s, gamma=gamma) == 1)
