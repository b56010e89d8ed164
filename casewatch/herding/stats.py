"""Pure statistics of the herding radar (METHODS.md): exact tails of small counts, multiple-testing
corrections, herding and concentration indices, seasonal and population baselines. Functions on
arrays, tested on hand-worked series; no database and no graph library."""

from __future__ import annotations

import math
from collections.abc import Sequence

import numpy as np
import numpy.typing as npt
import pandas as pd
from scipy import stats

FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.int64]


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


def size_moments(sizes: npt.ArrayLike, trim: float = 0.95) -> tuple[float, float]:
    """The mean of (members per case - 1) and its variance-to-mean ratio (at least 1.05), over the
    cases' counts up to the ``trim`` quantile (as case_size_pmf, so the waves looked for do not
    widen them); (0, 1.05) when there are none."""
    values = np.asarray(sizes, dtype=np.float64)
    values = values[values > 0]
    if len(values) == 0:
        return 0.0, 1.05
    extra = values[values <= np.quantile(values, trim, method="lower")] - 1.0
    mean = float(extra.mean())
    return mean, max(1.05, float(extra.var() / mean) if mean > 0 else 1.05)


def own_size_tail(
    size: npt.ArrayLike,
    cases: npt.ArrayLike,
    extra: npt.ArrayLike,
    pooled_mean: float,
    ratio: float,
    prior: float,
) -> FloatArray:
    """P(one case names >= ``size`` members) for an entity whose earlier ``cases`` named
    ``extra`` members beyond one each: 1 + a negative binomial with mean (extra + prior *
    pooled_mean) / (cases + prior) (its own cases, shrunk towards all entities' by ``prior``
    cases' worth) and variance ``ratio`` times that."""
    mean = (np.asarray(extra, dtype=np.float64) + prior * pooled_mean) / (np.asarray(cases, dtype=np.float64) + prior)
    mean = np.maximum(mean, 1e-3)
    return negbin_tail(np.asarray(size, dtype=np.float64) - 1.0, mean, ratio * mean)


# compound_tail's far tail: under FAR_TAIL, 1 less a sum (good to about 1e-15) is not used; P(X >= 1)
# less the terms under x is, where it keeps RESOLVED of its precision, and otherwise (many cases
# expected, a tail far out) the sum of the terms from x on, over FAR_TERMS more values than x
FAR_TAIL = 1e-8
RESOLVED = 1e-6
FAR_TERMS = 200


def _panjer(a: FloatArray, b: FloatArray, g0: FloatArray, pmf: FloatArray, top: int) -> FloatArray:
    """P(X = k) for k = 0..top (rows) per column: Panjer's recursion with the columns' (a, b, P(X = 0))."""
    f = np.r_[pmf, np.zeros(max(0, top + 1 - len(pmf)))]
    g = np.zeros((top + 1, len(g0)))
    g[0] = g0
    for value in range(1, top + 1):
        j = np.arange(1, value + 1)
        weights = (a[None, :] + b[None, :] * j[:, None] / value) * f[j][:, None]
        g[value] = (weights * g[value - j]).sum(axis=0)
    return g


def compound_tail(
    x: npt.ArrayLike,
    cases: npt.ArrayLike,
    pmf: npt.ArrayLike,
    case_dispersion: float = 1.0,
    spread: npt.ArrayLike = np.inf,
) -> FloatArray:
    """P(X >= x) where X is the members of N cases, sizes i.i.d. from ``pmf`` (f[0] = 0), and N
    Poisson with mean ``cases`` (negative binomial with variance case_dispersion * mean when that
    is above 1): Panjer's recursion (1981), all entities at once; x above 400 is taken as 400.
    A finite ``spread`` (per entity) is the shape of a gamma distribution of the mean across
    entities alike, of which this one is any: N's variance gains mean^2 / spread (with
    case_dispersion 1 exactly the gamma mixture of Poisson; above it a negative binomial with the
    mixture's mean and variance, a little heavier in the far tail than the mixture)."""
    x_a = np.minimum(np.asarray(x, dtype=np.int64), 400)
    lam = np.asarray(cases, dtype=np.float64)
    f = np.asarray(pmf, dtype=np.float64)
    if len(x_a) == 0:
        return np.ones(0)
    top = int(x_a.max())
    beta = np.broadcast_to(max(case_dispersion - 1.0, 0.0) + lam / np.asarray(spread, dtype=np.float64), lam.shape)
    nb = beta > 1e-9
    safe = np.where(nb, beta, 1.0)
    a = np.where(nb, safe / (1 + safe), 0.0)
    b = np.where(nb, (lam / safe - 1) * a, lam)
    # (1 + beta)^(-lam / beta), through log1p: a beta near 0 keeps its precision (-> exp(-lam))
    log_g0 = np.where(nb, -lam / safe * np.log1p(safe), -lam)
    g0 = np.exp(log_g0)
    g = _panjer(a, b, g0, f, top)
    below = np.cumsum(g, axis=0)  # P(X <= k)
    columns = np.arange(len(lam))
    tail = 1.0 - np.where(x_a > 0, below[np.maximum(x_a - 1, 0), columns], 0.0)
    # 1 less a sum is good to about 1e-15 only: a one-case wave's two-month window read 0 where
    # its month read 6e-15, and was taken for a ramp. A far tail is P(X >= 1) (to its last digits,
    # through expm1) less the terms from 1 to x - 1: exact where cases are few; where many are
    # expected and that difference is lost in P(X >= 1)'s own precision, the sum of its terms
    far = (x_a > 0) & (tail < FAR_TAIL)
    if far.any():
        some = -np.expm1(log_g0[far])
        upper = some - (below[np.maximum(x_a[far] - 1, 0), columns[far]] - g0[far])
        resolved = upper > RESOLVED * some
        tail[far] = np.where(resolved, upper, 0.0)
        if not resolved.all():
            sum_at = np.flatnonzero(far)[~resolved]
            terms = _panjer(a[sum_at], b[sum_at], g0[sum_at], f, int(x_a[sum_at].max()) + FAR_TERMS)
            tail[sum_at] = np.where(np.arange(len(terms))[:, None] >= x_a[sum_at][None, :], terms, 0.0).sum(axis=0)
    return np.asarray(np.clip(np.where(x_a > 0, tail, 1.0), 0.0, 1.0), dtype=np.float64)


def thinned_pmf(pmf: npt.ArrayLike, share: float) -> tuple[FloatArray, float]:
    """Members per case in one cell (a city) when each member of a case lies in it with
    probability ``share``, independently: (g, touch) with g[k] = sum_n f[n] Binom(k; n, share) / touch
    for k >= 1 (g[0] = 0), the sizes of the cases that name someone there, and touch = 1 - sum_n
    f[n] (1 - share)^n, the share of cases that do. A compound of Poisson(lambda) cases of sizes f
    thinned this way is a compound of Poisson(lambda * touch) cases of sizes g."""
    f = np.asarray(pmf, dtype=np.float64)
    f = f[: int(np.flatnonzero(f > 1e-16).max(initial=1)) + 1]  # the far geometric tail adds nothing
    p = float(np.clip(share, 1e-12, 1.0))
    n = np.arange(len(f))
    k = np.arange(len(f))
    weights = stats.binom.pmf(k[:, None], n[None, :], p) * f[None, :]
    g = weights.sum(axis=1)
    touch = float(1.0 - g[0])
    g[0] = 0.0
    if touch <= 0:
        g[1], touch = 1.0, 1e-300
        return np.asarray(g, dtype=np.float64), touch
    return np.asarray(g / touch, dtype=np.float64), touch


def local_tail(
    x: npt.ArrayLike,
    expected: npt.ArrayLike,
    share: npt.ArrayLike,
    pmf: npt.ArrayLike,
    case_dispersion: float = 1.0,
    steps: int = 4,
    cache: dict[float, tuple[FloatArray, float]] | None = None,
    spread: npt.ArrayLike = np.inf,
) -> FloatArray:
    """P(X >= x) for the members an entity names in one cell (a city) when it names ``expected``
    members in all, in cases of sizes ``pmf`` (case_size_pmf), a share ``share`` of them in the
    cell: compound_tail of the thinned cases (thinned_pmf). Shares are rounded up to a geometric
    grid of ``steps`` values a doubling (at most 19% up with 4; so that a few size distributions
    serve every entity, and rounding up only makes the tail larger). ``cache`` keeps the thinned
    distributions between calls with the same pmf."""
    x_a = np.asarray(x, dtype=np.float64)
    e_a = np.broadcast_to(np.asarray(expected, dtype=np.float64), x_a.shape)
    raw = np.maximum(np.broadcast_to(np.asarray(share, dtype=np.float64), x_a.shape), 1e-6)
    s_a = np.minimum(2.0 ** (np.ceil(np.log2(raw) * steps - 1e-9) / steps), 1.0)
    f = np.asarray(pmf, dtype=np.float64)
    mean_size = float((np.arange(len(f)) * f).sum())
    k_a = np.broadcast_to(np.asarray(spread, dtype=np.float64), x_a.shape)
    tail = np.ones(x_a.shape)
    for value in np.unique(s_a):
        at = s_a == value
        known = {} if cache is None else cache
        if float(value) not in known:
            known[float(value)] = thinned_pmf(f, float(value))
        g, touch = known[float(value)]
        tail[at] = compound_tail(x_a[at], e_a[at] / mean_size * touch, g, case_dispersion, k_a[at])
    return np.asarray(tail, dtype=np.float64)


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


def benjamini_hochberg(
    p_values: npt.ArrayLike, q: float = 0.05, tests: int | None = None, weights: npt.ArrayLike | None = None
) -> npt.NDArray[np.bool_]:
    """Which p-values are discoveries at false discovery rate q (Benjamini & Hochberg 1995).

    ``tests`` is the size of the family when it is larger than the p-values given: tests left out
    had p = 1 (a holder that sued nobody in a cell), which only makes the thresholds stricter.
    ``weights`` (>= 0, fixed before the p-values are seen) make it the weighted procedure of
    Genovese, Roeder & Wasserman (2006): each p-value is divided by its weight, the weights scaled
    to a mean of 1 over the p-values given; a weight of 0 is never a discovery.
    """
    p = np.asarray(p_values, dtype=np.float64)
    if weights is not None and len(p):
        w = np.asarray(weights, dtype=np.float64)
        w = w * (len(w) / w.sum()) if w.sum() > 0 else w  # (all 0: none is a discovery)
        p = np.where(w > 0, p / np.where(w > 0, w, 1.0), np.inf)
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


def jaccard(first: Sequence[object] | set[object], second: Sequence[object] | set[object]) -> float:
    a, b = set(first), set(second)
    return len(a & b) / len(a | b) if a | b else 1.0


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


def most_frequent(values: Sequence[object], n: int = 3) -> list[str]:
    """The n most frequent values (None left out), most frequent first, ties by value."""
    counts: dict[str, int] = {}
    for value in values:
        if value is not None and not (isinstance(value, float) and math.isnan(value)):
            counts[str(value)] = counts.get(str(value), 0) + 1
    return [value for value, _ in sorted(counts.items(), key=lambda item: (-item[1], item[0]))[:n]]


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
    counts: npt.ArrayLike,
    start: npt.ArrayLike,
    censored: npt.ArrayLike,
    months: int,
    season: npt.ArrayLike,
    default: float = 0.5,
) -> float:
    """Members a month (seasonally adjusted) of the uncensored entities in their first ``months``
    months (winsorised): the baseline of an entity too new to have its own. ``default`` when fewer
    than 12 such entity-months are known."""
    x = np.asarray(counts, dtype=np.float64)
    first = np.asarray(start, dtype=np.int64)
    age = np.arange(x.shape[1])[None, :] - first[:, None]
    young = (age >= 0) & (age < months) & ~np.asarray(censored, dtype=bool)[:, None]
    if young.sum() < 12:
        return default
    values = (x / np.asarray(season)[None, :])[young]
    # winsorised at the 90th percentile: the newcomers' own waves must not set their own bar; when
    # nine newcomer-months in ten name no one that leaves nothing, and a rate of 0 would make any
    # member a certain alarm: then the plain mean (or ``default`` when that is 0 too)
    winsorised = float(np.minimum(values, np.quantile(values, 0.9)).mean())
    return winsorised if winsorised > 0 else (float(values.mean()) or default)


def rate_spread(
    counts: npt.ArrayLike,
    start: npt.ArrayLike,
    censored: npt.ArrayLike,
    months: int,
    dispersion: float,
) -> float:
    """The shape of a gamma distribution of the uncensored entities' rates over their first
    ``months`` months (those seen that long), by the method of moments: their rates' variance less
    what counting adds (dispersion times the mean over the months), winsorised at the 95th
    percentile so the newcomers' own waves do not widen it; infinite (all alike) with fewer than
    20 such entities or no variance beyond counting's. The cap takes the busiest ordinary
    newcomers' tail too, so the shape comes out larger than the rates' own (about 1.4 for a true
    1, without waves): the spread it gives errs towards judging all alike."""
    x = np.asarray(counts, dtype=np.float64)
    first = np.asarray(start, dtype=np.int64)
    seen = ~np.asarray(censored, dtype=bool) & (first + months <= x.shape[1])
    if seen.sum() < 20:
        return float("inf")
    age = np.arange(x.shape[1])[None, :] - first[:, None]  # as population_rate's
    rates = np.where((age >= 0) & (age < months), x, 0.0)[seen].sum(axis=1) / months
    rates = np.minimum(rates, np.quantile(rates, 0.95))
    mean, beyond = rates.mean(), rates.var() - dispersion * rates.mean() / months
    return float(mean * mean / beyond) if mean > 0 and beyond > 0 else float("inf")


def known_new_from(counts: npt.ArrayLike, start: npt.ArrayLike, quantile: float, cap: int, fallback: int = 1) -> int:
    """The first month from which an entity first seen is known to be new: the ``quantile`` of the
    gaps between the months in which the entities seen from the data's first month (start 0) name
    members (an older entity filing that often would have shown by then), at least 1 and at most
    ``cap``; ``fallback`` when fewer than 20 gaps are known (by default 1: every entity first seen
    after the first month)."""
    x = np.asarray(counts)
    gaps = [np.diff(np.flatnonzero(x[row] > 0)) for row in np.flatnonzero(np.asarray(start) == 0)]
    pooled = np.concatenate(gaps) if gaps else np.zeros(0)
    if len(pooled) < 20:
        return fallback
    return int(min(cap, max(1, math.ceil(float(np.quantile(pooled, quantile))))))
