"""Herding radar: waves, herding indices, co-defendant cohorts and late followers.

The numeric methods (METHODS.md) are pure functions on arrays and are tested on hand-worked
series. ``compute(db)`` runs them on aggregates that DuckDB returns (queries/herding/*.sql),
``refresh(db)`` stores the results in the herding_* tables keyed by the data version they were
computed at, and the Herding page reads only those tables.
"""

from __future__ import annotations

import datetime as dt
import json
import math
import threading
import time
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from typing import Any, Protocol

import networkx as nx
import numpy as np
import numpy.typing as npt
import pandas as pd
from scipy import sparse, stats

from casewatch import errors
from casewatch.auth import Scope
from casewatch.db import Database, load_sql
from casewatch.progress import QUIET, Progress

FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.int64]

# Decision interval h of the Poisson CUSUM for in-control means l0 (l1 = 2 * l0), chosen for
# roughly 60-90 months between false alarms (Lucas 1985 tables, METHODS.md).
CUSUM_H = ((0.5, 2.75), (1.0, 3.25), (2.0, 3.5), (5.0, 4.0))


class Reader(Protocol):
    """What the pipeline reads through: a Database, or a Snapshot of one."""

    def query(self, name: str, *, scope: Scope = ..., **params: Any) -> pd.DataFrame: ...


class NoPlantedTruth(errors.CaseWatchError):
    """--evaluate on a database that is not a demo (it has no demo_truth table)."""

    key = "herding.error.no_truth"


# --- exact tails of small counts -------------------------------------------------------------


def poisson_tail(x: npt.ArrayLike, mu: npt.ArrayLike) -> FloatArray:
    """P(X >= x) for X ~ Poisson(mu); 1 where x <= 0."""
    return np.asarray(stats.poisson.sf(np.asarray(x) - 1, mu), dtype=np.float64)


def negbin_tail(x: npt.ArrayLike, mu: npt.ArrayLike, var: npt.ArrayLike) -> FloatArray:
    """P(X >= x) for a negative binomial with mean mu and variance var > mu.

    size = mu^2 / (var - mu) and success probability size / (size + mu), so the mean is mu and
    the variance mu + mu^2 / size = var.
    """
    mu_a, var_a = np.asarray(mu, dtype=np.float64), np.asarray(var, dtype=np.float64)
    size = mu_a**2 / (var_a - mu_a)
    return np.asarray(stats.nbinom.sf(np.asarray(x) - 1, size, size / (size + mu_a)), dtype=np.float64)


def count_tail(x: npt.ArrayLike, mu: npt.ArrayLike, var: npt.ArrayLike) -> FloatArray:
    """P(X >= x) against a baseline: negative binomial when overdispersed (var > mu), else Poisson."""
    x_a = np.asarray(x, dtype=np.float64)
    mu_a = np.broadcast_to(np.asarray(mu, dtype=np.float64), x_a.shape)
    var_a = np.broadcast_to(np.asarray(var, dtype=np.float64), x_a.shape)
    over = var_a > mu_a * (1 + 1e-9)
    tail = poisson_tail(x_a, mu_a)
    if over.any():
        tail = np.where(over, negbin_tail(x_a, mu_a, np.where(over, var_a, mu_a + 1.0)), tail)
    return np.asarray(tail, dtype=np.float64)


def case_size_pmf(sizes: npt.ArrayLike, trim: float = 0.95, largest: int = 400) -> FloatArray:
    """The distribution f[k] (k = 0..) of members newly named per case, from the cases' counts.

    Sizes above the ``trim`` quantile are left out (so that the waves being looked for do not
    widen the distribution they are judged by) and replaced by a geometric continuation of the
    bulk, f[k] = f[top] * rho^(k - top), rho = f[top] / f[top - 1] held in [0.1, 0.5], up to
    ``largest``; normalised. A single size (or none) gives that size (or one) with certainty."""
    values = np.asarray(sizes, dtype=np.int64)
    values = values[values > 0]
    if len(values) == 0:
        values = np.ones(1, dtype=np.int64)
    top = max(1, int(np.quantile(values, trim, method="lower")))
    counts = np.bincount(values[values <= top], minlength=top + 1).astype(np.float64)
    pmf = np.zeros(largest + 1)
    pmf[: top + 1] = counts / counts.sum()
    if top >= 2 and pmf[top - 1] > 0:
        rho = float(np.clip(pmf[top] / pmf[top - 1], 0.1, 0.5))
        pmf[top + 1 :] = pmf[top] * rho ** np.arange(1, largest - top + 1)
    return np.asarray(pmf / pmf.sum(), dtype=np.float64)


def compound_tail(
    x: npt.ArrayLike, cases: npt.ArrayLike, pmf: npt.ArrayLike, case_dispersion: float = 1.0
) -> FloatArray:
    """P(X >= x) where X is the members of N cases, sizes i.i.d. from ``pmf`` (f[0] = 0), and N
    Poisson with mean ``cases`` (negative binomial with variance case_dispersion * mean when that
    is above 1): Panjer's recursion (1981), all entities at once; x above 400 is taken as 400."""
    x_a = np.minimum(np.asarray(x, dtype=np.int64), 400)
    lam = np.asarray(cases, dtype=np.float64)
    f = np.asarray(pmf, dtype=np.float64)
    if len(x_a) == 0:
        return np.ones(0)
    top = int(x_a.max())
    f = np.r_[f, np.zeros(max(0, top + 1 - len(f)))]
    if case_dispersion > 1 + 1e-9:
        beta = case_dispersion - 1.0
        a = np.full(len(lam), beta / (1 + beta))
        b = (lam / beta - 1) * a
        g0 = (1 + beta) ** (-lam / beta)
    else:
        a = np.zeros(len(lam))
        b = lam
        g0 = np.exp(-lam)
    g = np.zeros((top + 1, len(lam)))
    g[0] = g0
    for value in range(1, top + 1):
        j = np.arange(1, value + 1)
        weights = (a[None, :] + b[None, :] * j[:, None] / value) * f[j][:, None]
        g[value] = (weights * g[value - j]).sum(axis=0)
    below = np.cumsum(g, axis=0)  # P(X <= k)
    tail = 1.0 - np.where(x_a > 0, below[np.maximum(x_a - 1, 0), np.arange(len(lam))], 0.0)
    return np.asarray(np.clip(np.where(x_a > 0, tail, 1.0), 0.0, 1.0), dtype=np.float64)


# --- Poisson CUSUM ---------------------------------------------------------------------------


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


# --- Kleinberg batched bursts ----------------------------------------------------------------


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


def runs(flags: npt.ArrayLike) -> list[tuple[int, int]]:
    """(first, last) index of each maximal run of true values."""
    values = np.asarray(flags, dtype=bool)
    found: list[tuple[int, int]] = []
    start: int | None = None
    for index, value in enumerate(values):
        if value and start is None:
            start = index
        elif not value and start is not None:
            found.append((start, index - 1))
            start = None
    if start is not None:
        found.append((start, len(values) - 1))
    return found


# --- herding indices -------------------------------------------------------------------------


def binomial_mean_abs_deviation(n: npt.ArrayLike, p: npt.ArrayLike) -> FloatArray:
    """E|K - n p| for K ~ Binom(n, p), by de Moivre's closed form 2 v (1 - p) P(K = v), v = floor(np) + 1."""
    n_a = np.asarray(n, dtype=np.float64)
    p_a = np.asarray(p, dtype=np.float64)
    v = np.floor(n_a * p_a) + 1
    mad = 2 * v * (1 - p_a) * stats.binom.pmf(v, n_a, p_a)
    return np.asarray(np.where((p_a <= 0) | (p_a >= 1), 0.0, mad), dtype=np.float64)


def lsv(k: npt.ArrayLike, n: npt.ArrayLike, p_bar: npt.ArrayLike) -> FloatArray:
    """LSV herding H = |k/n - p_bar| - E|K/n - p_bar|, K ~ Binom(n, p_bar) (Lakonishok et al. 1992).

    p_bar is the holder's pooled share over all cells, sum k / sum n: with k = [9, 2, 1, 1] and
    n = [12, 10, 8, 9] that is 13/39 and H = [0.311, 0.012, 0.072, 0.101].
    """
    k_a = np.asarray(k, dtype=np.float64)
    n_a = np.asarray(n, dtype=np.float64)
    p_a = np.asarray(p_bar, dtype=np.float64)
    return np.asarray(np.abs(k_a / n_a - p_a) - binomial_mean_abs_deviation(n_a, p_a) / n_a, dtype=np.float64)


def pooled_share(k: npt.ArrayLike, n: npt.ArrayLike) -> float:
    """p_bar = sum k / sum n, the holder's share over all cells pooled."""
    return float(np.sum(k) / np.sum(n))


def binomial_tail(k: npt.ArrayLike, n: npt.ArrayLike, p: npt.ArrayLike) -> FloatArray:
    """P(K >= k) for K ~ Binom(n, p)."""
    return np.asarray(stats.binom.sf(np.asarray(k) - 1, n, p), dtype=np.float64)


def benjamini_hochberg(p_values: npt.ArrayLike, q: float = 0.05, tests: int | None = None) -> npt.NDArray[np.bool_]:
    """Which p-values are discoveries at false discovery rate q (Benjamini & Hochberg 1995).

    ``tests`` is the size of the family when it is larger than the p-values given: tests left out
    had p = 1 (a holder that sued nobody in a cell), which only makes the thresholds stricter.
    """
    p = np.asarray(p_values, dtype=np.float64)
    m = max(tests if tests is not None else len(p), len(p))
    if len(p) == 0:
        return np.zeros(0, dtype=bool)
    order = np.argsort(p, kind="stable")
    passed = p[order] <= q * np.arange(1, len(p) + 1) / m
    found = np.zeros(len(p), dtype=bool)
    if passed.any():
        last = int(np.nonzero(passed)[0].max())
        found[order[: last + 1]] = True
    return found


def grouped_benjamini_hochberg(
    groups: npt.ArrayLike, p_values: npt.ArrayLike, tests: npt.ArrayLike, q: float = 0.05
) -> npt.NDArray[np.bool_]:
    """benjamini_hochberg within each group at once; ``tests`` is each row's family size (the same
    for every row of a group, at least the rows given)."""
    key = pd.factorize(pd.Series(np.asarray(groups)))[0]
    p = np.asarray(p_values, dtype=np.float64)
    order = np.lexsort((p, key))
    key_sorted, p_sorted = key[order], p[order]
    starts = np.r_[0, np.flatnonzero(np.diff(key_sorted)) + 1]
    size = np.diff(np.r_[starts, len(p)])
    rank = np.arange(len(p)) - np.repeat(starts, size) + 1
    family = np.maximum(np.asarray(tests, dtype=np.float64)[order], np.repeat(size, size))
    passed_rank = np.where(p_sorted <= q * rank / family, rank, 0)
    last = np.maximum.reduceat(passed_rank, starts) if len(p) else np.zeros(0, dtype=np.int64)
    found = np.zeros(len(p), dtype=bool)
    found[order] = rank <= np.repeat(last, size)
    return found


def location_quotient(sued: npt.ArrayLike, members: npt.ArrayLike) -> FloatArray:
    """LQ_g = (sued_g / sued_total) / (members_g / members_total); NaN for a cell with no members."""
    s = np.asarray(sued, dtype=np.float64)
    m = np.asarray(members, dtype=np.float64)
    with np.errstate(divide="ignore", invalid="ignore"):
        lq = (s / s.sum()) / (m / m.sum())
    return np.asarray(np.where(m > 0, lq, np.nan), dtype=np.float64)


def hhi(counts: npt.ArrayLike) -> float:
    """Herfindahl-Hirschman index sum s_i^2 of the shares of the counts."""
    c = np.asarray(counts, dtype=np.float64)
    total = c.sum()
    return float(((c / total) ** 2).sum()) if total > 0 else math.nan


def normalised_hhi(counts: npt.ArrayLike) -> float:
    """HHI* = (HHI - 1/N) / (1 - 1/N) over the N categories given: 0 even spread, 1 all in one."""
    c = np.asarray(counts, dtype=np.float64)
    c = c[c > 0]
    if len(c) == 0:
        return math.nan
    if len(c) == 1:
        return 1.0
    n = len(c)
    return (hhi(c) - 1 / n) / (1 - 1 / n)


def gini(counts: npt.ArrayLike) -> float:
    """Gini coefficient of the counts (0 equal, towards 1 concentrated)."""
    c = np.sort(np.asarray(counts, dtype=np.float64))
    n = len(c)
    if n == 0 or c.sum() <= 0:
        return math.nan
    ranks = np.arange(1, n + 1)
    return float((2 * (ranks * c).sum()) / (n * c.sum()) - (n + 1) / n)


# --- co-defendant cohorts --------------------------------------------------------------------


@dataclass(frozen=True)
class CoSuedPairs:
    """Member pairs co-sued in at least ``min_cases`` cases (a < b, indices into the member list)."""

    a: IntArray
    b: IntArray
    cases: IntArray  # cases naming both
    weight: FloatArray  # Newman's weight sum over shared cases of 1 / (d_k - 1)


def co_sued_pairs(
    case_index: npt.ArrayLike, member_index: npt.ArrayLike, members: int, min_cases: int = 2
) -> CoSuedPairs:
    """Pairs of members named together in >= min_cases cases, from the case x member incidence.

    The weighted projection W = A^T diag(1 / (d_k - 1)) A (Newman 2001) and the plain count
    C = A^T A are sparse products; no per-case list of pairs is built. Cases with one member
    defendant link nobody and are dropped.
    """
    rows = np.asarray(case_index, dtype=np.int64)
    cols = np.asarray(member_index, dtype=np.int64)
    empty = CoSuedPairs(np.zeros(0, np.int64), np.zeros(0, np.int64), np.zeros(0, np.int64), np.zeros(0, np.float64))
    if len(rows) == 0:
        return empty
    _, rows = np.unique(rows, return_inverse=True)
    incidence = sparse.csr_matrix(
        (np.ones(len(rows), dtype=np.float64), (rows, cols)), shape=(int(rows.max()) + 1, members)
    )
    incidence.sum_duplicates()
    incidence.data[:] = 1.0  # a member listed twice in one case counts once
    degree = np.asarray(incidence.sum(axis=1)).ravel()
    keep = degree >= 2
    incidence = incidence[keep]
    degree = degree[keep]
    if incidence.shape[0] == 0:
        return empty
    # both products have the same sparsity pattern (the same incidence), so their entries align
    counts = sparse.csr_matrix(sparse.triu(incidence.T @ incidence, k=1))
    scaled = sparse.diags(1.0 / (degree - 1)) @ incidence
    weights = sparse.csr_matrix(sparse.triu(incidence.T @ scaled, k=1))
    counts.sort_indices()
    weights.sort_indices()
    if not (np.array_equal(counts.indptr, weights.indptr) and np.array_equal(counts.indices, weights.indices)):
        raise RuntimeError("co-suit counts and weights differ in pattern")
    strong = counts.data >= min_cases
    rows = np.repeat(np.arange(counts.shape[0]), np.diff(counts.indptr))
    a, b, c, w = rows[strong], counts.indices[strong], counts.data[strong], weights.data[strong]
    return CoSuedPairs(a.astype(np.int64), b.astype(np.int64), c.astype(np.int64), w.astype(np.float64))


def cohort_communities(pairs: CoSuedPairs, seed: int = 7, resolution: float = 1.0) -> list[list[int]]:
    """Louvain communities (networkx, fixed seed) of the co-sued graph weighted by W; each a sorted
    list of member indices, largest first. Only members with at least one kept pair appear."""
    graph = nx.Graph()
    graph.add_weighted_edges_from(
        zip(pairs.a.tolist(), pairs.b.tolist(), pairs.weight.tolist(), strict=True), weight="weight"
    )
    if graph.number_of_edges() == 0:
        return []
    found = nx.community.louvain_communities(graph, weight="weight", resolution=resolution, seed=seed)
    return sorted((sorted(group) for group in found), key=lambda group: (-len(group), group[0]))


def jaccard(first: Sequence[object] | set[object], second: Sequence[object] | set[object]) -> float:
    a, b = set(first), set(second)
    return len(a & b) / len(a | b) if a | b else 1.0


# --- waves -----------------------------------------------------------------------------------

TRIGGERS = ("", "spike", "buildup", "new")
SHAPES = ("sudden", "ramp", "multi_city", "firm_led", "surge")


@dataclass(frozen=True)
class Settings:
    """Detector settings (METHODS.md defaults, calibrated where noted; stored with each run)."""

    # A month alarms when the members newly sued over the last 1..windows months (since the
    # entity's last alarm) are improbable against its baseline and number >= min_members. The
    # smallest window tail, times the windows tried (Bonferroni), is one p-value per entity and
    # month; Benjamini-Hochberg across the entities of a kind active that month at wave_fdr
    # decides. Calibrated on seeds 1-5 and 11-15 (tests/test_herding_truth.py, issue 23 note).
    wave_fdr: float = 0.01
    windows: int = 3
    min_members: int = 8
    new_entity_members: int = 5  # a brand with no history: its first month is a wave at >= 5
    # with fewer than min_history months of its own, an uncensored entity is judged against the
    # population's rate (entities in their first population_months)
    min_history: int = 6
    population_months: int = 12
    baseline_months: int = 24
    skip_months: int = 1
    backfill_months: int = 2  # a wave's start goes back over at most this many rising months
    cusum_floor: float = 0.1  # smallest in-control mean l0 of the (descriptive) CUSUM
    # an alarm whose members repeat one other case's member defendants this closely (Jaccard) is a
    # cohort being sued again, listed with cohorts, not a new wave
    cohort_overlap: float = 0.5
    kleinberg_s: float = 2.0
    kleinberg_gamma: float = 1.0
    # shapes: a surge is an established entity (own baseline of at least this many members a
    # month); multi-city when the second city holds this share; firm-led when no brand holds this
    surge_baseline: float = 0.75
    multi_city_share: float = 0.3
    firm_brand_share: float = 0.6
    lsv_min_members: int = 5
    lsv_fdr: float = 0.05
    # METHODS.md keeps pairs co-sued in >= 2 cases; two waves hitting one city and sector already
    # make that, and merged planted cohorts with them (best Jaccard down to 0.13 in our runs).
    # Pairs co-sued in >= 3 cases recovered every planted cohort (best Jaccard >= 0.8, 16 seeds).
    cohort_min_cases: int = 3
    cohort_min_size: int = 3
    louvain_seed: int = 7
    louvain_resolution: float = 1.0


@dataclass(frozen=True)
class Alarms:
    """Per entity (rows) and month (columns): the decision and what led to it."""

    alarm: npt.NDArray[np.bool_]
    onset: IntArray  # first month of the rise that alarmed (-1 where no alarm)
    trigger: npt.NDArray[np.int8]  # index into TRIGGERS
    p_value: FloatArray  # tail probability of the deciding window's total (0 for a new entity)
    baseline: FloatArray  # baseline mean mu (per month, before the seasonal factor)
    cusum: FloatArray  # CUSUM level S_t before any reset (descriptive)
    window: IntArray  # months of the deciding window (0 where no alarm)
    population: npt.NDArray[np.bool_]  # judged against the population's rate (a new entity)


def pooled_dispersion(counts: npt.NDArray[np.float64], start: IntArray, min_months: int = 12) -> float:
    """Median variance-to-mean ratio of the entities' monthly counts after their first month (at
    least 1; entities with fewer than min_months such months or none counted are left out): members
    arrive in batches of a case, so months are overdispersed against Poisson."""
    x = np.asarray(counts, dtype=np.float64)
    after = np.arange(x.shape[1])[None, :] > np.asarray(start)[:, None]
    months = after.sum(axis=1)
    total = np.where(after, x, 0.0).sum(axis=1)
    with np.errstate(divide="ignore", invalid="ignore"):
        mean = total / months
        var = (np.where(after, (x - mean[:, None]) ** 2, 0.0)).sum(axis=1) / (months - 1)
        ratio = var / mean
    usable = (months >= min_months) & (mean > 0)
    return max(1.0, float(np.median(ratio[usable]))) if usable.any() else 1.0


def seasonal_factors(totals: npt.ArrayLike, first_month: int, min_years: int = 3) -> FloatArray:
    """Per month of the series, the calendar month's factor: the median over years of the total
    against its centred 12-month mean, normalised to average 1 and held in [2/3, 3/2]; all ones
    with fewer than min_years of centred months for any calendar month. ``first_month`` is the
    calendar month (1-12) of the series' first month. The median keeps one year's wave from
    passing for a season."""
    x = np.asarray(totals, dtype=np.float64)
    n = len(x)
    ones = np.ones(n)
    if n < 12 * min_years + 12:
        return ones
    kernel = np.r_[0.5, np.ones(11), 0.5] / 12.0
    centred = np.full(n, np.nan)
    centred[6 : n - 6] = np.convolve(x, kernel, mode="valid")
    with np.errstate(divide="ignore", invalid="ignore"):
        ratio = np.where(centred > 0, x / centred, np.nan)
    calendar = (np.arange(n) + first_month - 1) % 12
    factor = np.ones(12)
    for month in range(12):
        values = ratio[(calendar == month) & np.isfinite(ratio)]
        if len(values) < min_years:
            return ones
        factor[month] = float(np.median(values))
    factor = np.clip(factor / factor.mean(), 2 / 3, 3 / 2)
    return np.asarray(factor[calendar], dtype=np.float64)


def population_rate(
    counts: npt.ArrayLike, start: npt.ArrayLike, censored: npt.ArrayLike, months: int, season: npt.ArrayLike
) -> float:
    """Members a month (seasonally adjusted) of the uncensored entities in their first ``months``
    months (winsorised): the baseline of an entity too new to have its own. 0.5 when no entity is
    that new."""
    x = np.asarray(counts, dtype=np.float64)
    first = np.asarray(start, dtype=np.int64)
    age = np.arange(x.shape[1])[None, :] - first[:, None]
    young = (age >= 0) & (age < months) & ~np.asarray(censored, dtype=bool)[:, None]
    if young.sum() < 12:
        return 0.5
    values = (x / np.asarray(season)[None, :])[young]
    # winsorised at the 90th percentile: the newcomers' own waves must not set their own bar
    return float(np.minimum(values, np.quantile(values, 0.9)).mean())


def detect_alarms(
    counts: npt.ArrayLike,
    start: npt.ArrayLike,
    censored: npt.ArrayLike,
    settings: Settings = Settings(),
    dispersion: float | None = None,
    season: npt.ArrayLike | None = None,
    population: float | None = None,
    case_sizes: npt.ArrayLike | None = None,
    case_dispersion: float = 1.0,
) -> Alarms:
    """Alarm months of monthly counts (entities x months), all entities at once.

    ``start`` is each entity's first month (its history begins there), ``censored`` says the
    history may begin before the data does (first month = the data's first month), so the
    no-history rules do not apply. ``season`` multiplies the expected count of each month (default
    ones). Per month t >= start:

    - baseline mu: months [t - baseline - skip, t - skip) since start, leaving out earlier alarm
      windows (when skipping leaves nothing, months [start, t)), seasonally adjusted, at least half
      a count over the window; an uncensored entity with fewer than min_history such months takes
      the population's rate instead (``population``; default: population_rate of these counts);
    - windows: for w = 1..windows, the members of months t-w+1..t (none before the start or the
      last alarm), tail P(X >= x) under a negative binomial with mean mu * (sum of the season
      factors) and variance dispersion times that; a window under min_members has tail 1; given
      ``case_sizes`` (the pmf of members newly named per case, case_size_pmf), members come in
      cases instead: a compound of Poisson (or negative binomial, ``case_dispersion``) many cases
      of those sizes with the same mean (compound_tail), since one case names several at once;
    - the entity's p-value is its smallest window tail times the windows tried; the month alarms
      where Benjamini-Hochberg at wave_fdr across the active entities finds it (spike when the
      window is one month, build-up when longer);
    - new: t is an uncensored entity's first month and x_t >= new_entity_members.
    An alarm's onset is its window's first month, moved back over up to backfill_months earlier
    months above their expectation; the next window starts after the alarm month.
    """
    x = np.asarray(counts, dtype=np.float64)
    first = np.asarray(start, dtype=np.int64)
    left_censored = np.asarray(censored, dtype=bool)
    n_entities, n_months = x.shape
    phi = pooled_dispersion(x, first) if dispersion is None else dispersion
    factor = np.ones(n_months) if season is None else np.asarray(season, dtype=np.float64)
    pop = (
        population_rate(x, first, left_censored, settings.population_months, factor)
        if population is None
        else population
    )
    adjusted = x / factor[None, :]
    sizes = np.asarray(case_sizes if case_sizes is not None else [0.0, 1.0], dtype=np.float64)
    mean_size = float((np.arange(len(sizes)) * sizes).sum())
    cum_x = np.concatenate([np.zeros((n_entities, 1)), np.cumsum(x, axis=1)], axis=1)
    cum_factor = np.r_[0.0, np.cumsum(factor)]
    alarm = np.zeros(x.shape, dtype=bool)
    onset = np.full(x.shape, -1, dtype=np.int64)
    trigger = np.zeros(x.shape, dtype=np.int8)
    p_value = np.ones(x.shape)
    baseline = np.full(x.shape, np.nan)
    level_path = np.zeros(x.shape)
    window_used = np.zeros(x.shape, dtype=np.int64)
    judged_by_population = np.zeros(x.shape, dtype=bool)
    usable = np.zeros(x.shape, dtype=bool)  # months in a baseline (active, outside alarm windows)
    # cumulative sums over usable months: column j holds the sum over months < j
    usable_sum = np.zeros((n_entities, n_months + 1))
    usable_count = np.zeros((n_entities, n_months + 1))
    level = np.zeros(n_entities)
    reset = first - 1  # the last month before the current evidence may start
    rows = np.arange(n_entities)
    for t in range(n_months):
        x_t = x[:, t]
        active = first <= t
        hi = np.full(n_entities, t - settings.skip_months)
        lo = np.maximum(first, t - settings.baseline_months - settings.skip_months)
        hi = np.maximum(hi, lo)
        months_used = usable_count[rows, hi] - usable_count[rows, lo]
        fallback = (months_used == 0) & (t > first)
        lo = np.where(fallback, first, lo)
        hi = np.where(fallback, t, hi)
        months_used = usable_count[rows, hi] - usable_count[rows, lo]
        total = usable_sum[rows, hi] - usable_sum[rows, lo]
        young = (
            active & ~left_censored & (usable_count[rows, t] - usable_count[rows, first.clip(0)] < settings.min_history)
        )
        has_base = active & ((months_used > 0) | young)
        with np.errstate(divide="ignore", invalid="ignore"):
            own = np.maximum(total / months_used, 0.5 / np.maximum(months_used, 1))
        mu = np.where(young, pop, np.where(has_base, own, np.nan))

        best_tail = np.ones(n_entities)
        best_window = np.zeros(n_entities, dtype=np.int64)
        tried = np.zeros(n_entities)
        for w in range(1, settings.windows + 1):
            begin = t - w + 1
            valid = has_base & (begin > reset) & (begin >= first) & (begin >= 0)
            if not valid.any():
                continue
            tried += valid
            members = cum_x[:, t + 1] - cum_x[:, max(begin, 0)]
            test = valid & (members >= settings.min_members)
            if test.any():
                expected = mu[test] * (cum_factor[t + 1] - cum_factor[begin])
                tail = np.ones(n_entities)
                if case_sizes is None:
                    tail[test] = count_tail(members[test], expected, phi * expected)
                else:
                    tail[test] = compound_tail(members[test], expected / mean_size, sizes, case_dispersion)
                better = tail < best_tail
                best_tail = np.where(better, tail, best_tail)
                best_window = np.where(better, w, best_window)
        adjusted_p = np.minimum(1.0, best_tail * np.maximum(tried, 1))
        family = int(has_base.sum())
        found = np.zeros(n_entities, dtype=bool)
        if family:
            candidates = np.flatnonzero(has_base)
            found[candidates] = benjamini_hochberg(adjusted_p[candidates], settings.wave_fdr)
        found &= best_window > 0
        new = active & (t == first) & ~left_censored & (x_t >= settings.new_entity_members)

        l0 = np.maximum(np.nan_to_num(mu * factor[t], nan=settings.cusum_floor), settings.cusum_floor)
        level = np.where(has_base, np.maximum(0.0, level + x_t - cusum_reference(l0)), 0.0)

        fired = found | new
        alarm[:, t] = fired
        window_used[:, t] = np.where(new & ~found, 1, np.where(found, best_window, 0))
        trigger[:, t] = np.where(new, 3, np.where(found & (best_window == 1), 1, np.where(found, 2, 0)))
        p_value[:, t] = np.where(new, 0.0, np.where(found, best_tail, adjusted_p))
        baseline[:, t] = mu
        judged_by_population[:, t] = young
        level_path[:, t] = level
        usable[:, t] = active
        for e in np.flatnonzero(fired):
            begin = t - int(window_used[e, t]) + 1
            expected = mu[e] if np.isfinite(mu[e]) else 0.0
            for _ in range(settings.backfill_months):
                before = begin - 1
                if before <= reset[e] or before < first[e] or x[e, before] <= expected * factor[before]:
                    break
                begin = before
            onset[e, t] = begin
            # the alarm window leaves the baseline of later months
            usable[e, begin : t + 1] = False
            usable_sum[e, 1 : t + 2] = np.cumsum(np.where(usable[e, : t + 1], adjusted[e, : t + 1], 0.0))
            usable_count[e, 1 : t + 2] = np.cumsum(usable[e, : t + 1])
        level = np.where(fired, 0.0, level)
        reset = np.where(fired, t, reset)
        keep = usable[:, t]
        usable_sum[:, t + 1] = usable_sum[:, t] + np.where(keep, adjusted[:, t], 0.0)
        usable_count[:, t + 1] = usable_count[:, t] + keep
    return Alarms(alarm, onset, trigger, p_value, baseline, level_path, window_used, judged_by_population)


def burst_intervals(
    relevant: npt.ArrayLike, totals: npt.ArrayLike, s: float = 2.0, gamma: float = 1.0
) -> list[tuple[int, int]]:
    """(first, last) month index of each Kleinberg burst of the shares r_t / d_t."""
    return runs(kleinberg_states(relevant, totals, s=s, gamma=gamma) == 1)


# --- the pipeline: aggregates from DuckDB in, cached tables out -----------------------------


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


WAVE_MEMBER_COLUMNS = ("wave_id", "member_id", "first_sued_on", "case_id")
WAVE_COLUMNS = (
    "wave_id", "entity_kind", "entity", "pattern", "trigger", "start_month", "end_month", "months",
    "members_hit", "peak_members", "baseline_mean", "p_value", "cusum", "burst_start", "burst_end",
    "overlap", "active", "cases", "top_cities", "top_sectors", "shape", "flagged_month",
)  # fmt: skip


def _month_index(first: dt.date, last: dt.date) -> pd.DatetimeIndex:
    return pd.date_range(pd.Timestamp(first), pd.Timestamp(last), freq="MS")


def _top(values: Sequence[object], n: int = 3) -> list[str]:
    """The n most frequent values (None left out), most frequent first, ties by value."""
    counts: dict[str, int] = {}
    for value in values:
        if value is not None and not (isinstance(value, float) and math.isnan(value)):
            counts[str(value)] = counts.get(str(value), 0) + 1
    return [value for value, _ in sorted(counts.items(), key=lambda item: (-item[1], item[0]))[:n]]


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
    frame["top_cities"] = [_top([city for _, city, _ in hit.get(w, [])]) for w in frame["wave_id"]]
    frame["top_sectors"] = [_top([sector for _, _, sector in hit.get(w, [])]) for w in frame["wave_id"]]
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


def wave_shape(
    kind: str,
    window: int,
    new_entity: bool,
    baseline: float,
    city_counts: Sequence[int],
    brand_counts: Sequence[int],
    settings: Settings = Settings(),
) -> str:
    """What a wave looks like to a user, first that applies: firm-led (a law firm's wave whose
    members no single brand holds brand_share of), surge (an established entity, own baseline of
    at least surge_baseline members a month), multi-city (the second city holds multi_city_share
    of its members), ramp (no single month was enough: it was found on two or three months
    together), else sudden. ``city_counts`` / ``brand_counts``: members per city / per brand of the
    first case naming them, largest first."""
    members = sum(city_counts)
    brand_total = int(np.sum(brand_counts))
    if kind == "firm" and brand_total and brand_counts[0] < settings.firm_brand_share * brand_total:
        return "firm_led"
    if not new_entity and baseline >= settings.surge_baseline:
        return "surge"
    if members and len(city_counts) > 1 and city_counts[1] >= settings.multi_city_share * members:
        return "multi_city"
    if window > 1:
        return "ramp"
    return "sudden"


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


def find_cohorts(db: Reader, settings: Settings) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    """Co-defendant cohorts: Louvain communities of members co-sued in >= cohort_min_cases cases,
    with their profile, members and edges."""
    incidence = db.query("herding/member_cases")
    members, member_index = np.unique(incidence["member_id"].to_numpy(dtype=str), return_inverse=True)
    pairs = co_sued_pairs(incidence["case_index"], member_index, len(members), settings.cohort_min_cases)
    groups = [
        group
        for group in cohort_communities(pairs, seed=settings.louvain_seed, resolution=settings.louvain_resolution)
        if len(group) >= settings.cohort_min_size
    ]
    member_rows, edge_rows = [], []
    label = np.full(len(members), -1, dtype=np.int64)
    for cohort_id, group in enumerate(groups, start=1):
        label[group] = cohort_id
    inside = (label[pairs.a] >= 0) & (label[pairs.a] == label[pairs.b])
    for a, b, cases, weight in zip(
        pairs.a[inside], pairs.b[inside], pairs.cases[inside], pairs.weight[inside], strict=True
    ):
        edge_rows.append((int(label[a]), str(members[a]), str(members[b]), int(cases), float(weight)))
    edges = pd.DataFrame(edge_rows, columns=["cohort_id", "member_a", "member_b", "cases", "weight"])
    ends = pd.concat(
        [edges[["cohort_id", "member_a", "weight"]].rename(columns={"member_a": "member_id"}),
         edges[["cohort_id", "member_b", "weight"]].rename(columns={"member_b": "member_id"})]
    )  # fmt: skip
    for cohort_id, group in enumerate(groups, start=1):
        for index in group:
            member_rows.append((cohort_id, str(members[index])))
    cohort_members = pd.DataFrame(member_rows, columns=["cohort_id", "member_id"])
    ties = ends.groupby(["cohort_id", "member_id"]).agg(partners=("weight", "size"), strength=("weight", "sum"))
    cohort_members = cohort_members.merge(ties.reset_index(), on=["cohort_id", "member_id"], how="left")
    cohort_members["partners"] = cohort_members["partners"].fillna(0).astype(int)
    cohort_members["strength"] = cohort_members["strength"].fillna(0.0)

    profiles = db.query("herding/member_profiles").set_index("member_id")
    shared_cases = db.query(
        "herding/cohort_cases",
        cohort_ids=cohort_members["cohort_id"].tolist(),
        member_ids=cohort_members["member_id"].tolist(),
    )
    rows = []
    for cohort_key, cohort in cohort_members.groupby("cohort_id", sort=True):
        where = profiles.reindex(cohort["member_id"])
        cities = _top(where["city_code"].tolist(), n=len(cohort))
        own_cases = shared_cases[shared_cases["cohort_id"] == cohort_key]
        top_city = cities[0] if cities else None
        rows.append(
            {
                "cohort_id": int(str(cohort_key)),
                "size": len(cohort),
                "cases": int(own_cases["case_id"].nunique()),
                "brands": int(own_cases["brand"].nunique()),
                "first_sued": own_cases["filed_on"].min() if not own_cases.empty else pd.NaT,
                "last_sued": own_cases["filed_on"].max() if not own_cases.empty else pd.NaT,
                "top_city": top_city,
                "local_share": float((where["city_code"] == top_city).mean()) if top_city else 0.0,
                "cities": cities,
                "sectors": _top(where["sector_code"].tolist(), n=len(cohort)),
                "top_brands": _top(own_cases["brand"].tolist()),
            }
        )
    cohorts = pd.DataFrame(
        rows,
        columns=["cohort_id", "size", "cases", "brands", "first_sued", "last_sued", "top_city", "local_share",
                 "cities", "sectors", "top_brands"],
    )  # fmt: skip
    return cohorts, cohort_members, edges


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


# --- the cache -------------------------------------------------------------------------------


@dataclass(frozen=True)
class CacheStatus:
    """The latest stored computation against the data version now."""

    current_version: int
    run_id: int | None = None
    computed_version: int | None = None
    computed_at: dt.datetime | None = None
    seconds: float | None = None
    last_month: dt.date | None = None

    @property
    def missing(self) -> bool:
        return self.run_id is None

    @property
    def fresh(self) -> bool:
        return self.run_id is not None and self.computed_version == self.current_version


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
    )


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
                "settings": [json.dumps(asdict(results.settings), sort_keys=True)],
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
        results = compute(db, settings, progress)
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


# --- scoring against planted truth ---------------------------------------------------------


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
                    "median_months_to_flag": value.median_months_to_flag,
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
    unmatched = found_frame["shape"][~matched] if len(found_frame) else pd.Series(dtype=str)
    for shape in sorted(set(waves["shape"]) | set(unmatched)):
        columns = np.flatnonzero((waves["shape"] == shape).to_numpy())
        credited = int(np.isin(np.argmax(hits, axis=1)[matched], columns).sum()) if len(columns) else 0
        false = int(((found_frame["shape"] == shape).to_numpy() & ~matched).sum()) if len(found_frame) else 0
        delays, on_time = [], 0
        for j in columns.tolist():
            if not bool(found[j]):
                continue
            first_flag = int(flagged_at[own[:, j]].min())
            delays.append(first_flag - int(starts[j]))
            limit = (threshold_months or {}).get(str(waves.loc[j, "truth_id"])) if "truth_id" in waves else None
            if limit is not None and first_flag <= int(_month_number(pd.Series([limit]))[0]):
                on_time += 1
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
    )


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


def report(db: Database, status: CacheStatus, *, limit: int = 20) -> dict[str, pd.DataFrame]:
    """The cached results as named tables for the command line (all dates, at most ``limit`` rows each)."""
    wide: dict[str, Any] = {"date_from": dt.date(1900, 1, 1), "date_to": dt.date(2999, 12, 31)}
    run = status.run_id
    everything: dict[str, Any] = {"kinds": ["brand", "firm"], "brands": [], "firms": [], **wide}
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
