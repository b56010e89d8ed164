"""The herding methods on small series with answers worked out by hand (METHODS.md)."""

from __future__ import annotations

import math
from collections.abc import Sequence

import numpy as np
import pandas as pd
import pytest
from scipy import stats

from casewatch import herding
from casewatch.herding import Settings
from casewatch.herding.detectors import rise_window
from casewatch.i18n import t


def test_poisson_tail() -> None:
    # P(X >= 3 | mu = 1) = 1 - e^-1 (1 + 1 + 1/2) = 1 - 2.5/e
    assert herding.poisson_tail(3, 1.0) == pytest.approx(1 - 2.5 / math.e)
    # P(X >= 1 | mu = 2) = 1 - e^-2; P(X >= 0) = 1
    assert herding.poisson_tail(1, 2.0) == pytest.approx(1 - math.exp(-2))
    assert herding.poisson_tail(0, 2.0) == 1.0


def test_negative_binomial_tail() -> None:
    # mean 2, variance 6: size = 2^2 / (6 - 2) = 1, a geometric count with P(X = k) = (1/3)(2/3)^k,
    # so P(X >= 3) = (2/3)^3 = 8/27
    assert herding.negbin_tail(3, 2.0, 6.0) == pytest.approx(8 / 27)
    # mean 1, variance 3: size 1/2, p = 1/3; P(X >= 1) = 1 - p^size = 1 - (1/3)^0.5
    assert herding.negbin_tail(1, 1.0, 3.0) == pytest.approx(1 - (1 / 3) ** 0.5)


def test_count_tail_uses_poisson_unless_overdispersed() -> None:
    tails = herding.count_tail([3, 3, 3], [1.0, 2.0, 2.0], [1.0, 1.5, 6.0])
    assert tails[0] == pytest.approx(1 - 2.5 / math.e)  # var = mu: Poisson
    assert tails[1] == pytest.approx(1 - 5 * math.exp(-2))  # var < mu: Poisson(2), 1 - e^-2 (1 + 2 + 2)
    assert tails[2] == pytest.approx(8 / 27)  # var > mu: negative binomial


def test_cusum_path() -> None:
    # l0 = 1, l1 = 2: k = (2 - 1) / ln 2 = 1.442695
    k = 1 / math.log(2)
    assert herding.cusum_reference(1.0) == pytest.approx(k)
    path = herding.poisson_cusum([1, 0, 3, 4, 2, 0], 1.0)
    # S: max(0, 1 - k) = 0; 0; 3 - k; 3 - k + 4 - k; + 2 - k; + 0 - k
    expected = [0, 0, 3 - k, 7 - 2 * k, 9 - 3 * k, 9 - 4 * k]
    assert path == pytest.approx(expected)
    assert path == pytest.approx([0, 0, 1.557305, 4.114610, 4.671915, 3.229220], abs=1e-6)
    # h(1) = 3.25: alarms in months 3 and 4 only (3.229 < 3.25 in month 5)
    assert list(path > herding.cusum_threshold(1.0)) == [False, False, False, True, True, False]


def test_cusum_threshold_table_and_interpolation() -> None:
    assert herding.cusum_threshold([0.5, 1, 2, 5]) == pytest.approx([2.75, 3.25, 3.5, 4.0])
    # held at the ends, and halfway on log(l0) between 1 and 2 is sqrt(2)
    assert herding.cusum_threshold([0.1, 50]) == pytest.approx([2.75, 4.0])
    assert herding.cusum_threshold(math.sqrt(2)) == pytest.approx(3.375)


def test_kleinberg_states() -> None:
    # r = 2 of 20 in five months, 10 of 20 in two: p0 = 30/140 = 3/14, p1 = 6/14, n = 7 batches,
    # moving up costs ln 7 = 1.95. A 10-of-20 month is cheaper in the burst state by
    # 10 ln 2 + 10 ln((8/14) / (11/14)) = 6.93 - 3.18 = 3.75; a 2-of-20 month dearer by
    # -(2 ln 2 + 18 ln(8/11)) = 4.35. Two burst months save 7.49 > 1.95, so exactly they burst.
    states = herding.kleinberg_states([2, 2, 2, 10, 10, 2, 2], [20] * 7)
    assert states.tolist() == [0, 0, 0, 1, 1, 0, 0]
    assert herding.burst_intervals([2, 2, 2, 10, 10, 2, 2], [20] * 7) == [(3, 4)]
    # one month of 5 of 20 against p0 = 15/140: 5 ln 2 + 15 ln((12.6/14)/(13.3/14))... the saving
    # 5 ln 2 + 15 ln(1 - 2p0) - 15 ln(1 - p0) = 3.47 - 1.78 = 1.69 < ln 7: no burst
    assert herding.kleinberg_states([1, 2, 1, 5, 2, 2, 2], [20] * 7).tolist() == [0] * 7
    assert herding.kleinberg_states([0, 0, 0], [5, 5, 5]).tolist() == [0, 0, 0]


def test_lsv_on_the_worked_example() -> None:
    k, n = np.array([9, 2, 1, 1]), np.array([12, 10, 8, 9])
    # p_bar is the holder's pooled share sum k / sum n = 13/39 = 1/3; p = k/n = [.75, .2, .125, .111]
    p_bar = herding.pooled_share(k, n)
    assert p_bar == pytest.approx(1 / 3)
    h = herding.lsv(k, n, p_bar)
    assert h == pytest.approx([0.31, 0.01, 0.07, 0.10], abs=0.005)
    assert h == pytest.approx([0.3107, 0.0119, 0.0718, 0.1008], abs=1e-4)
    # the other reading, p_bar = mean of the cells' shares (0.2965), does not give those numbers
    other = herding.lsv(k, n, float(np.mean(k / n)))
    assert other[1] < 0 and abs(other[0] - 0.31) > 0.03


def test_adjustment_term_is_the_binomial_mean_absolute_deviation() -> None:
    # E|K - np| by de Moivre against the direct sum, and the LSV adjustment E|K/n - p| for cell 1
    for n in (1, 5, 12, 100, 1000):
        for p in (0.01, 0.1, 1 / 3, 0.5, 0.9):
            ks = np.arange(n + 1)
            direct = float((stats.binom.pmf(ks, n, p) * np.abs(ks - n * p)).sum())
            assert herding.binomial_mean_abs_deviation(n, p) == pytest.approx(direct, abs=1e-9)
    # n = 12, p = 1/3: |9/12 - 1/3| = 5/12 = 0.4167, so E|K/12 - 1/3| = 0.4167 - 0.3107 = 0.106
    assert herding.binomial_mean_abs_deviation(12, 1 / 3) / 12 == pytest.approx(5 / 12 - 0.3107, abs=1e-4)


def test_binomial_tail() -> None:
    # P(K >= 9 | 12, 1/3) = (C(12,9) 2^3 + C(12,10) 2^2 + C(12,11) 2 + 1) / 3^12 = 2049 / 531441
    assert herding.binomial_tail(9, 12, 1 / 3) == pytest.approx(2049 / 531441)


def test_benjamini_hochberg() -> None:
    # thresholds q i / m = .0125, .025, .0375, .05: the three smallest pass (.014 <= .0375)
    assert herding.benjamini_hochberg([0.001, 0.5, 0.012, 0.014], 0.05).tolist() == [True, False, True, True]
    # .03 fails its rank-2 threshold (.025) and .04 its rank-3 one (.0375): only .01 passes
    assert herding.benjamini_hochberg([0.01, 0.04, 0.03, 0.2], 0.05).tolist() == [True, False, False, False]
    # step-up: .036 at rank 3 passes (.0375), so the rank-2 .03 passes with it
    assert herding.benjamini_hochberg([0.01, 0.036, 0.03, 0.2], 0.05).tolist() == [True, True, True, False]
    # a family of 10 (6 untested p = 1): thresholds .005, .01, ...: .011 misses rank 2
    assert herding.benjamini_hochberg([0.004, 0.011, 0.2, 0.3], 0.05, tests=10).tolist() == [True, False, False, False]
    assert herding.benjamini_hochberg([0.004, 0.011, 0.2, 0.3], 0.05).tolist() == [True, True, False, False]


def test_weighted_benjamini_hochberg() -> None:
    # thresholds q i / m = .0125, .025, .0375, .05. Unweighted, .02 misses rank 1's .0125: nothing
    assert not herding.benjamini_hochberg([0.02, 0.5, 0.5, 0.5], 0.05).any()
    # weights 5, 1, 1, 1 scaled to a mean of 1 (2.5, .5, .5, .5): .02 / 2.5 = .008 passes rank 1
    assert herding.benjamini_hochberg([0.02, 0.5, 0.5, 0.5], 0.05, weights=[5, 1, 1, 1]).tolist() == [
        True, False, False, False
    ]  # fmt: skip
    # unweighted, .001 and .02 pass (.02 <= .025); weights 1, .25, 1.375, 1.375 (mean 1) make the
    # second .08, which fails every threshold
    assert herding.benjamini_hochberg([0.001, 0.02, 0.5, 0.5], 0.05).tolist() == [True, True, False, False]
    assert herding.benjamini_hochberg([0.001, 0.02, 0.5, 0.5], 0.05, weights=[1, 0.25, 1.375, 1.375]).tolist() == [
        True, False, False, False
    ]  # fmt: skip
    # a weight of 0 is never a discovery, however small its p-value
    assert herding.benjamini_hochberg([1e-9, 0.01], 0.05, weights=[0, 1]).tolist() == [False, True]
    assert herding.benjamini_hochberg([1e-9, 1e-9], 0.05, weights=[0, 0]).tolist() == [False, False]


def test_grouped_benjamini_hochberg_matches_per_group() -> None:
    rng = np.random.default_rng(3)
    groups = rng.integers(0, 6, 300)
    p = rng.random(300) ** 3
    tests = np.array([40, 60, 80, 50, 70, 90])[groups]
    together = herding.grouped_benjamini_hochberg(groups, p, tests, 0.05)
    for g in range(6):
        at = groups == g
        assert (together[at] == herding.benjamini_hochberg(p[at], 0.05, tests=int(tests[at][0]))).all()
    assert together.any()


def test_location_quotient() -> None:
    # shares of the sued 30/40, 10/40 against shares of the members 100/200, 100/200
    assert herding.location_quotient([30, 10], [100, 100]) == pytest.approx([1.5, 0.5])
    assert math.isnan(herding.location_quotient([1, 0], [5, 0])[1])


def test_concentration() -> None:
    # shares .5 .3 .2: HHI = .25 + .09 + .04 = .38; HHI* = (.38 - 1/3) / (2/3) = .07
    assert herding.hhi([50, 30, 20]) == pytest.approx(0.38)
    assert herding.normalised_hhi([50, 30, 20]) == pytest.approx(0.07)
    assert herding.normalised_hhi([10, 10, 10, 10]) == pytest.approx(0.0)
    assert herding.normalised_hhi([7]) == 1.0
    assert herding.gini([1, 1, 1, 1]) == pytest.approx(0.0)
    # sorted 0 0 0 10: 2 (4 * 10) / (4 * 10) - 5/4 = 0.75
    assert herding.gini([0, 10, 0, 0]) == pytest.approx(0.75)


def test_co_sued_pairs_weighted_projection() -> None:
    # case 0 names members 0 1 2 (d = 3, weight 1/2 per pair), case 1 names 0 1, case 2 names 1 2,
    # case 3 names only 3 (no pair); member 0 listed twice in case 0 counts once
    cases = [0, 0, 0, 0, 1, 1, 2, 2, 3]
    members = [0, 0, 1, 2, 0, 1, 1, 2, 3]
    pairs = herding.co_sued_pairs(cases, members, 4, min_cases=2)
    found = {(a, b): (c, w) for a, b, c, w in zip(pairs.a, pairs.b, pairs.cases, pairs.weight, strict=True)}
    # (0,1): cases 0 and 1 -> 1/2 + 1; (1,2): cases 0 and 2 -> 1/2 + 1; (0,2) only case 0: dropped
    assert found == {(0, 1): (2, 1.5), (1, 2): (2, 1.5)}
    assert len(herding.co_sued_pairs(cases, members, 4, min_cases=3).a) == 0


def test_big_case_makes_no_pair_list() -> None:
    # one 300-member case co-sued twice: 44,850 pairs, found through the sparse product
    cases = np.repeat([0, 1], 300)
    members = np.tile(np.arange(300), 2)
    pairs = herding.co_sued_pairs(cases, members, 300, min_cases=2)
    assert len(pairs.a) == 300 * 299 // 2
    assert pairs.weight == pytest.approx(np.full(len(pairs.a), 2 / 299))


def test_louvain_splits_two_cliques() -> None:
    # two 4-member cliques co-sued 3 times each, joined by one pair
    edges = [(a, b) for group in ((0, 1, 2, 3), (4, 5, 6, 7)) for i, a in enumerate(group) for b in group[i + 1 :]]
    edges.append((3, 4))
    pairs = herding.CoSuedPairs(
        np.array([a for a, _ in edges]), np.array([b for _, b in edges]), np.full(len(edges), 3), np.ones(len(edges))
    )
    assert herding.cohort_communities(pairs, seed=7) == [[0, 1, 2, 3], [4, 5, 6, 7]]
    assert herding.jaccard({0, 1, 2, 3}, {1, 2, 3, 9}) == pytest.approx(3 / 5)


def steady(months: int, value: float = 1.0) -> np.ndarray:
    return np.full(months, value)


def local_cells(cells: Sequence[tuple[int, int, int, int]], share: float = 1.0) -> herding.LocalCounts:
    """Local counts of (row, month, window, members) cells, each city at ``share`` of its entity's
    members and as its Bonferroni weight."""
    return herding.LocalCounts(
        row=np.array([c[0] for c in cells]), month=np.array([c[1] for c in cells]),
        window=np.array([c[2] for c in cells]), members=np.array([float(c[3]) for c in cells]),
        share=np.full(len(cells), share), weight=np.full(len(cells), share),
    )  # fmt: skip


def test_without_the_total_test_only_a_city_can_tell() -> None:
    # One member a month for 24 months (censored; mu = 1, Poisson), then 12 in month 24. Tested in
    # all, the one-month window's P(X >= 12 | 1) = 8.3e-10 (the two- and three-month windows' tails
    # are larger) times the 3 windows is an alarm. Without the total's test (a law firm's:
    # firm_total_test), the same months are no alarm, unless a city tells: 10 of them in a city
    # expected to hold half, P(X >= 10 | 0.5) = 1.7e-10, over local_weight 0.5 times the city's
    # weight 0.5, is one.
    counts = np.r_[steady(24), 12, 1][None, :]
    in_all = herding.detect_alarms(counts, [0], [True], Settings(), dispersion=1.0)
    assert np.argwhere(in_all.alarm).tolist() == [[0, 24]]
    assert in_all.p_value[0, 24] == pytest.approx(herding.poisson_tail(12, 1.0), rel=1e-9)
    assert herding.poisson_tail(12, 1.0) == pytest.approx(8.3e-10, rel=0.05)
    cities_only = Settings(total_test=False)
    blind = herding.detect_alarms(counts, [0], [True], cities_only, dispersion=1.0)
    assert not blind.alarm.any() and blind.p_value[0, 24] == 1.0
    local = local_cells([(0, 24, 1, 10)], share=0.5)
    city = herding.detect_alarms(counts, [0], [True], cities_only, dispersion=1.0, local=local)
    assert np.argwhere(city.alarm).tolist() == [[0, 24]]
    assert city.p_value[0, 24] == pytest.approx(herding.poisson_tail(10, 0.5) / 0.25, rel=1e-9)
    assert herding.poisson_tail(10, 0.5) == pytest.approx(1.7e-10, rel=0.05)


def test_a_quiet_entitys_test_weighs_a_tenth_in_the_correction_and_a_sparse_ones_half() -> None:
    # One busy brand (one member a month for 24 months, censored; mu = 1, Poisson), then 8 in
    # month 24, among 400 brands that named no one (quiet: the size rule judges them). Its one-month
    # tail P(X >= 8 | 1) = 1.02e-5 (the two- and three-month windows' are larger) times 3 windows is
    # 3.07e-5. Unweighted, Benjamini-Hochberg over 401 brands needs 0.01 / 401 = 2.49e-5: no alarm.
    # The quiet brands weigh a tenth: the weights' sum 400 * 0.1 + 1 = 41 makes the busy brand's
    # weight 401 / 41 = 9.78, and 3.07e-5 / 9.78 = 3.1e-6 is under 2.49e-5: an alarm.
    counts = np.zeros((401, 26))
    counts[0] = np.r_[steady(24), 8, 1]
    start, censored = np.zeros(401, dtype=int), np.ones(401, dtype=bool)
    tail = 3 * herding.poisson_tail(8, 1.0)
    assert tail == pytest.approx(3.07e-5, rel=0.01) and tail > 0.01 / 401 and tail / (401 / 41) < 0.01 / 401
    assert (Settings().quiet_weight, Settings().sparse_weight) == (0.1, 0.5)
    weighted = herding.detect_alarms(counts, start, censored, Settings(), dispersion=1.0)
    assert np.argwhere(weighted.alarm).tolist() == [[0, 24]]
    unweighted = herding.detect_alarms(counts, start, censored, Settings(weighted_fdr=False), dispersion=1.0)
    assert not unweighted.alarm.any()
    assert unweighted.p_value[0, 24] == pytest.approx(tail, rel=1e-9)
    # Sparse brands instead (one member every other month: 0.5 a month, 12 in two years, 6 in
    # sparse_months): each weighs half, the sum 400 * 0.5 + 1 = 201, the busy brand 401 / 201 =
    # 1.995, and 3.07e-5 / 1.995 = 1.54e-5 is under 2.49e-5: an alarm; at a sparse weight of 0.8
    # (sum 321, weight 1.249: 2.46e-5) still one; at 0.9 (sum 361, weight 1.111: 2.76e-5) none.
    counts[1:, :24:2] = 1
    assert tail / (401 / 321) < 0.01 / 401 < tail / (401 / 361)
    for sparse_weight, alarms in ((0.5, [[0, 24]]), (0.8, [[0, 24]]), (0.9, []), (1.0, [])):
        found = herding.detect_alarms(counts, start, censored, Settings(sparse_weight=sparse_weight), dispersion=1.0)
        assert np.argwhere(found.alarm).tolist() == alarms, sparse_weight


def test_detect_alarms_largest_case_test_finds_one_big_case() -> None:
    # cases of sizes f[k] = 1/2^k (k >= 1, mean 2), two members a month (one case a month) for
    # 30 months, then one case naming 12. The total: X is N ~ Poisson(1) cases of those sizes, and
    # a sum of n of them is n + NegBin(n, 1/2) failures, so P(X >= 12) = sum_n P(N = n)
    # P(NegBin(n, 1/2) >= 12 - n) = 0.0061585; times 3 windows = 0.0185 > 0.01: no alarm.
    sizes = np.r_[0.0, 0.5 ** np.arange(1, 401)]
    sizes = sizes / sizes.sum()
    series = np.r_[steady(30, 2.0), 12][None, :]
    strict = Settings(wave_fdr=0.01)
    exact = sum(
        stats.poisson.pmf(n, 1.0) * (stats.nbinom.sf(12 - n - 1, n, 0.5) if n < 12 else 1.0) for n in range(1, 80)
    )
    assert exact == pytest.approx(0.0061585, rel=1e-4)
    total_only = herding.detect_alarms(series, [0], [True], strict, case_sizes=sizes)
    assert not total_only.alarm.any()
    assert total_only.p_value[0, 30] == pytest.approx(3 * exact, rel=1e-6)
    # the largest case: P(a case names >= 12) = 1/2^11, one case expected, so P(some case of the
    # month does) = 1 - exp(-1/2048) = 4.88e-4, over case_weight 0.2 = 0.00244 (the total's tail
    # over the rest, 0.8, is 0.0077, times 3 windows); tried once, in the case's own month, it is
    # its p-value: 0.00244 < 0.01, an alarm in month 30
    largest = np.r_[np.full(30, 2), 12][None, :]
    found = herding.detect_alarms(series, [0], [True], strict, case_sizes=sizes, largest=largest)
    assert np.flatnonzero(found.alarm[0]).tolist() == [30]
    assert found.p_value[0, 30] == pytest.approx((1 - math.exp(-1 / 2048)) / 0.2, rel=1e-6)
    assert found.window[0, 30] == 1
    # a case naming 60: its chance underflows to 0, held at 1e-300 as the windows' tails are, so
    # that a false discovery rate of 0 still means the rules alone decide
    huge = np.r_[steady(30, 2.0), 60][None, :]
    rules_only = herding.detect_alarms(
        huge,
        [0],
        [True],
        Settings(wave_fdr=0.0, newcomer_fdr=0.0),
        case_sizes=sizes,
        largest=np.r_[np.full(30, 2), 60][None, :],
    )
    assert not rules_only.alarm.any() and rules_only.p_value[0, 30] == 1e-300


def test_size_moments_and_an_entitys_own_case_size_tail() -> None:
    # sizes 1, 1, 1, 4, 4 and a 40 above the 95 % quantile (left out): the excess over one member
    # is 0, 0, 0, 3, 3 - mean 1.2, variance 3.6 - 1.44 = 2.16, ratio 1.8
    assert herding.size_moments([1, 1, 1, 4, 4, 40], trim=0.8) == pytest.approx((1.2, 1.8))
    assert herding.size_moments([]) == (0.0, 1.05)
    assert herding.size_moments([2, 2, 2]) == (1.0, 1.05)  # no spread: the least ratio
    # 30 earlier cases naming 2 each (excess 30) with 5 cases' worth of a pooled mean 1.0: mean
    # (30 + 5) / 35 = 1, variance 1.5, a negative binomial with size 2 and p = 2/3:
    # P(a case names >= 10) = P(NB >= 9) = 1 - sum_{k<9} (k + 1) (2/3)^2 (1/3)^k
    by_hand = 1 - sum((k + 1) * (2 / 3) ** 2 * (1 / 3) ** k for k in range(9))
    assert herding.own_size_tail([10], [30], [30], 1.0, 1.5, 5.0)[0] == pytest.approx(by_hand)
    assert by_hand == pytest.approx(3.5564e-4, rel=1e-4)
    # no earlier case: the pooled mean alone; one member is always reached
    assert herding.own_size_tail([1], [0], [0], 1.0, 1.5, 5.0)[0] == 1.0


def test_a_big_case_is_judged_by_the_entitys_own_case_sizes() -> None:
    # 30 months of one case naming 2, then one naming 9. By all entities' sizes (f[k] = 1/2^k,
    # mean 2, one case expected): P(a case names >= 9) = 1/2^8, (1 - exp(-1/256)) / 0.2 = 0.0195
    # (tried once, in its month: not times the windows) > 0.01, no alarm. By its own 30 cases
    # (above): P = 9.6e-4, (1 - exp(-9.6e-4)) / 0.2 = 0.0048 < 0.01: an alarm in month 30
    sizes = np.r_[0.0, 0.5 ** np.arange(1, 401)]
    sizes = sizes / sizes.sum()
    series = np.r_[steady(30, 2.0), 9][None, :]
    largest = np.r_[np.full(30, 2), 9][None, :]
    strict = Settings(wave_fdr=0.01)
    pooled = herding.detect_alarms(series, [0], [True], strict, case_sizes=sizes, largest=largest)
    assert not pooled.alarm.any()
    assert pooled.p_value[0, 30] == pytest.approx((1 - math.exp(-1 / 256)) / 0.2, rel=1e-6)
    own = herding.CaseSizes(np.ones((1, 31)), pooled_mean=1.0, ratio=1.5)  # one case a month
    found = herding.detect_alarms(series, [0], [True], strict, case_sizes=sizes, largest=largest, own_sizes=own)
    assert np.flatnonzero(found.alarm[0]).tolist() == [30]
    reach = 1 - sum((k + 1) * (2 / 3) ** 2 * (1 / 3) ** k for k in range(8))
    assert reach == pytest.approx(9.6e-4, rel=0.01)
    assert found.p_value[0, 30] == pytest.approx((1 - math.exp(-reach)) / 0.2, rel=1e-6)
    assert herding.TRIGGERS[found.trigger[0, 30]] == "spike" and found.window[0, 30] == 1


def test_largest_case_beyond_the_size_distribution_is_no_evidence() -> None:
    # every case seen named one member (sizes [0, 1]): a case naming 2 has chance 0 by that
    # distribution, which cannot judge it, so the largest-case test gives no p-value (not a
    # certain alarm) and the total decides: P(X >= 9 | Poisson 1) = 1.1e-6 over the total's 0.8
    series = np.r_[steady(30), 9][None, :]
    largest = np.r_[np.ones(30), 2][None, :]
    found = herding.detect_alarms(series, [0], [True], Settings(), case_sizes=[0.0, 1.0], largest=largest)
    assert found.p_value[0, 30] == pytest.approx(herding.poisson_tail(9, 1.0) / 0.8)


def test_detect_alarms_spike_new_entity_and_censoring() -> None:
    # entity 0: one new member a month for 30 months, then 12: baseline mu = 1 with dispersion 1
    # (Poisson), P(X >= 12 | 1) = 1.1e-9 < 0.001 and 12 >= 8 -> a spike in month 30
    spike = np.r_[steady(30), 12, 1]
    # entity 1: history from month 10 (not the data's first month), 6 members then: a new entity
    new = np.r_[np.zeros(10), 6, steady(21)]
    # entity 2: its first month is the data's first month, so it may be older: no new-entity rule
    censored = np.r_[9, steady(31)]
    found = herding.detect_alarms(
        np.vstack([spike, new, censored]), [0, 10, 0], [False, False, True], Settings(), dispersion=1.0
    )
    assert np.argwhere(found.alarm).tolist() == [[0, 30], [1, 10]]
    assert herding.TRIGGERS[found.trigger[0, 30]] == "spike"
    assert herding.TRIGGERS[found.trigger[1, 10]] == "new"
    assert found.baseline[0, 30] == pytest.approx(1.0)
    assert found.p_value[0, 30] == pytest.approx(herding.poisson_tail(12, 1.0))
    # 7 members over a steady 1 is improbable (P = 8.3e-5) but fewer than 8: no one-month spike.
    # Months 29-30 together hold 8 against 2 expected: P(X >= 8 | Poisson 2) = 1.1e-3, times 3
    # windows tried = 3.3e-3 <= 0.01 (one entity): a build-up decided on months 29-30 (issue 23's
    # windows), whose rise begins in month 30: month 29's one member is its ordinary month
    small = herding.detect_alarms(np.r_[steady(30), 7, 1][None, :], [0], [True], Settings(), dispersion=1.0)
    assert np.argwhere(small.alarm).tolist() == [[0, 30]]
    assert herding.TRIGGERS[small.trigger[0, 30]] == "buildup" and small.window[0, 30] == 2
    assert small.onset[0, 30] == 30
    assert small.p_value[0, 30] == pytest.approx(herding.poisson_tail(8, 2.0))
    # with a 0.001 false discovery rate it stays quiet
    strict = herding.detect_alarms(
        np.r_[steady(30), 7, 1][None, :], [0], [True], Settings(wave_fdr=0.001), dispersion=1.0
    )
    assert not strict.alarm.any()


def test_a_rise_reaches_back_only_over_months_that_add_evidence() -> None:
    # Both from the data's first month (censored), Poisson (dispersion 1), a false discovery rate
    # of 1e-6 (one entity each: the p-value times 3 windows must be under it), months 30-32. A
    # window is judged by the months before it (less skip_months): month 32 alone by months 7-30,
    # months 30-32 by months 5-28.
    # - 0: two members a month, then 5, 5 and 15: month 32 alone: P(X >= 15 | (23 * 2 + 5) / 24);
    #   months 30-32: P(X >= 25 | 3 * 2), smaller but not under 5 % of it. The earlier months are
    #   above the mean, not improbable enough on their own: the rise is month 32 (the smallest
    #   tail, months 30-32, would start it in month 30);
    # - 1: one member every fifth month (10, 15, 20, 25), then 5, 0 and 8: month 32 alone:
    #   P(X >= 8 | 9 / 24); months 30-32: P(X >= 13 | 3 * 4 / 24), under 5 % of it (months 31-32 are
    #   worse): the rise reaches back to month 30, over the empty month 31.
    busy = np.r_[np.full(30, 2.0), 5, 5, 15]
    sparse = np.zeros(33)
    sparse[[10, 15, 20, 25, 30, 32]] = [1, 1, 1, 1, 5, 8]
    found = herding.detect_alarms(
        np.vstack([busy, sparse]), [0, 0], [True, True], Settings(wave_fdr=1e-6), dispersion=1.0
    )
    assert np.argwhere(found.alarm).tolist() == [[0, 32], [1, 32]]
    mu = np.array([51 / 24, 9 / 24])
    assert found.baseline[:, 32] == pytest.approx(mu)
    one = herding.poisson_tail([15, 8], mu)
    three = herding.poisson_tail([25, 13], [6.0, 0.5])
    assert 0.05 * one[0] < three[0] < one[0] and three[1] < 0.05 * one[1]
    assert found.window[:, 32].tolist() == [1, 3] and found.onset[:, 32].tolist() == [32, 30]
    assert [herding.TRIGGERS[k] for k in found.trigger[:, 32]] == ["spike", "buildup"]
    # the decision takes the smallest tail: the busy entity's p-value is its three months'
    assert found.p_value[:, 32] == pytest.approx(three)


def test_a_young_entitys_first_members_or_first_big_month_after_a_quiet_start_are_new() -> None:
    # five entities first seen in month 10 (uncensored, known to be new), 20 months of data:
    # - 0: its first case names no member; four months on, 8: its first month naming members,
    #   8 >= new_entity_members (5): new
    # - 1: one member in month 10, then 8 in month 14: 1 <= dormant_members (2) before, in its first
    #   min_history (6) months, 8 >= min_members: new (too young for the return rule)
    # - 2: no member in month 10, 5 in month 13: its first members, 5: new
    # - 3: no member in month 10, 4 in month 13: under 5, not new
    # - 4: 1 and 2 members in months 10 and 11 (3 > dormant_members), then 8 in month 14: not new
    counts = np.zeros((5, 20))
    counts[0, 14] = 8
    counts[1, [10, 14]] = [1, 8]
    counts[2, 13] = 5
    counts[3, 13] = 4
    counts[4, [10, 11, 14]] = [1, 2, 8]
    # (with a false discovery rate of 0 no tail test decides; only the rules can)
    rules_only = Settings(wave_fdr=0.0, newcomer_fdr=0.0)
    found = herding.detect_alarms(counts, [10] * 5, [False] * 5, rules_only, dispersion=1.0)
    assert np.argwhere(found.alarm).tolist() == [[0, 14], [1, 14], [2, 13]]
    assert {herding.TRIGGERS[found.trigger[e, t]] for e, t in ((0, 14), (1, 14), (2, 13))} == {"new"}
    assert found.window[0, 14] == 1 and found.onset[0, 14] == 14 and found.onset[1, 14] == 14


def test_a_dormant_entity_naming_min_members_in_a_month_is_a_return() -> None:
    # With a false discovery rate of 0 no tail test decides; only the rules can. Month 30, eight
    # members (min_members) unless said; the quiet spell is months 6-29 (baseline_months = 24):
    # - 0 (from month 0): one member, in month 20: 1 <= 2 (dormant_members): a return;
    # - 1: members in months 20, 28 and 29: 3 > 2: not dormant (month 29, t - 1, counts);
    # - 2: one member in month 20, then 7 < 8: not enough;
    # - 3 (uncensored, first seen in month 24 with one member): seen 6 months (min_history): a return;
    # - 4 (uncensored, first seen in month 25): seen 5 months: a newcomer, not dormant, but in its
    #   first min_history months, 8 after one member: new;
    # - 5: one member in month 5 and two in month 6: months 6-29 hold exactly 2: a return (month
    #   5, t - 25, is outside the spell);
    # - 6: members in months 6, 7 and 8: 3 > 2: not dormant.
    def series(before: dict[int, int], last: int) -> np.ndarray:
        row = np.zeros(34)
        for month, members in before.items():
            row[month] = members
        row[30] = last
        return row

    counts = np.vstack(
        [
            series({20: 1}, 8),
            series({20: 1, 28: 1, 29: 1}, 8),
            series({20: 1}, 7),
            series({24: 1}, 8),
            series({25: 1}, 8),
            series({5: 1, 6: 2}, 8),
            series({6: 1, 7: 1, 8: 1}, 8),
        ]
    )
    found = herding.detect_alarms(
        counts,
        [0, 0, 0, 24, 25, 0, 0],
        [True, True, True, False, False, True, True],
        Settings(wave_fdr=0.0, newcomer_fdr=0.0),
        dispersion=1.0,
    )
    assert np.argwhere(found.alarm).tolist() == [[0, 30], [3, 30], [4, 30], [5, 30]]
    assert {herding.TRIGGERS[found.trigger[e, 30]] for e in (0, 3, 5)} == {"return"}
    assert herding.TRIGGERS[found.trigger[4, 30]] == "new" and found.window[4, 30] == 1
    assert found.window[0, 30] == 1 and found.onset[0, 30] == 30
    # its p-value is its window's tail, as a found alarm's: months 5-28 hold one member, mu = 1/24,
    # P(X >= 8 | Poisson 1/24) (not times the three windows tried)
    assert found.p_value[0, 30] == pytest.approx(herding.poisson_tail(8, 1 / 24), rel=1e-9, abs=0)
    # the return month leaves later baselines: in month 32, months 7-30 less month 30 hold one
    # member in 23 months (with month 30's eight it would be 9 / 24 = 0.375)
    assert found.baseline[0, 32] == pytest.approx(1 / 23)


def test_a_newcomer_or_a_quiet_entity_whose_members_in_one_city_reach_min_members() -> None:
    # With a false discovery rate of 0 no tail test decides; only the rules can. The local counts
    # give each entity's members in its busiest city over a window. The newcomers start in month
    # 20, judged by the population's 0.5 a month:
    # - 0 (3 < 5 members in its first month, then 5): 8 in one city over months 20-21: a
    #   threshold alarm in month 21 on that window, from month 20;
    # - 1: as 0, but 5 of the 8 in its busiest city (under threshold_city_share): no alarm;
    # - 2 (from the data's first month: one member in month 10, then 3 and 5 in months 28-29, all
    #   8 in one city): long past its first months and no month of 8 (the return rule), but quiet:
    #   months 4-27, its baseline in month 29, hold one member, mu = 1/24, and 24 mu = 1 < 8: a
    #   threshold alarm in month 29 on two months, from month 28 (no backfill: it is not new);
    # - 3 (6 in month 20: the new rule), then 2 in the same city in month 21: months 20-21 hold 8
    #   there, but the window may not reach back into the alarm: only month 20;
    # - 4 (2, then 3 and 3): 8 in one city over months 20-22 (window 3) but none over two months: a
    #   threshold alarm in month 22 on three months;
    # - 5 (one member, then 3 and 5 in months 23-24): 8 in one city over months 23-24, but month 24
    #   is past its first four (debut_months): its own months so far (20-22) hold one member, 1/3 a
    #   month, 8 in 24 months (not quiet) but 4 in sparse_months (12): sparse, and its smallest
    #   tail, P(X >= 8 | Poisson 1) / 0.5 = 2.0e-5, is under sparse_tail (1e-3): a threshold alarm
    #   in month 24 on two months, from month 23 (month 22 holds none); 10 (as 5 a month sooner,
    #   months 22-23): month 23 is its fourth, a threshold alarm on two months;
    # - 6 (2, then 8 in one city): months 20-21 hold 10 there, month 21 alone 8: the shortest
    #   window, one month;
    # - 7: 3 and 5 in one city in months 0-1, the data's first months: it may be older (censored),
    #   so these are not its first months: no alarm;
    # - 8 and 9 (from the data's first month, as 2): one member every third month from month 5,
    #   eight of them (months 5-26) or seven (months 5-23), then 3 and 5 in one city in months
    #   28-29. Months 4-27 hold 8 (24 mu = 8: a wave's worth in two years, not quiet; but 12 mu =
    #   4 < 8, sparse, and P(X >= 8 | Poisson 2/3) / 0.5 = 1.1e-6 is under sparse_tail: a threshold
    #   alarm in month 29) or 7 (24 mu = 7 < 8: quiet, a threshold alarm in month 29);
    # - 12 (from the data's first month): 15 members in months 3-26 (12 mu = 7.5 < 8: sparse), then
    #   2, 3 and 3 in one city in months 28-30: 8 there over three months, but its tail,
    #   P(X >= 8 | Poisson 3 * 15 / 24) / 0.5 = 1.5e-3, is not under a sparse_tail of 1e-3 (this
    #   test's): no alarm; under the default, 3e-3, it is one (below);
    # - 11 (from the data's first month: one member, then 3 and 5 in months 4-5, all 8 in one city):
    #   mu = 1/4 (24 mu = 6 < 8), but four months are too few to call it quiet (min_history): no
    #   alarm, as a newcomer past its first months gets none.
    def series(members: dict[int, int]) -> np.ndarray:
        row = np.zeros(34)
        for month, n in members.items():
            row[month] = n
        return row

    counts = np.vstack(
        [
            series({20: 3, 21: 5}),
            series({20: 3, 21: 5}),
            series({10: 1, 28: 3, 29: 5}),
            series({20: 6, 21: 2}),
            series({20: 2, 21: 3, 22: 3}),
            series({20: 1, 23: 3, 24: 5}),
            series({20: 2, 21: 8}),
            series({0: 3, 1: 5}),
            series({**{m: 1 for m in range(5, 27, 3)}, 28: 3, 29: 5}),
            series({**{m: 1 for m in range(5, 24, 3)}, 28: 3, 29: 5}),
            series({20: 1, 22: 3, 23: 5}),
            series({0: 1, 4: 3, 5: 5}),
            series({**{m: 1 for m in range(3, 27) if m % 12 < 7}, 11: 1, 28: 2, 29: 3, 30: 3}),
        ]
    )
    cells = [(0, 21, 2, 8), (1, 21, 2, 5), (2, 29, 2, 8), (3, 21, 2, 8), (4, 22, 3, 8), (4, 22, 2, 6), (4, 21, 2, 5),
             (5, 24, 2, 8), (6, 21, 1, 8), (6, 21, 2, 10), (7, 1, 2, 8), (8, 29, 2, 8), (9, 29, 2, 8),
             (10, 23, 2, 8), (11, 5, 2, 8), (12, 30, 3, 8)]  # fmt: skip
    local = local_cells(cells)
    found = herding.detect_alarms(
        counts,
        [20, 20, 0, 20, 20, 20, 20, 0, 0, 0, 20, 0, 0],
        [False, False, True, False, False, False, False, True, True, True, False, True, True],
        Settings(wave_fdr=0.0, newcomer_fdr=0.0, sparse_tail=1e-3),
        dispersion=1.0,
        population=0.5,
        local=local,
    )
    alarms = [(0, 21), (2, 29), (3, 20), (4, 22), (5, 24), (6, 21), (8, 29), (9, 29), (10, 23)]
    assert [tuple(a) for a in np.argwhere(found.alarm).tolist()] == alarms
    assert [herding.TRIGGERS[found.trigger[e, t]] for e, t in alarms] == ["threshold"] * 2 + ["new"] + ["threshold"] * 6
    assert [found.window[e, t] for e, t in alarms] == [2, 2, 1, 3, 2, 1, 2, 2, 2]
    # a threshold alarm's rise goes back over its months above expectation (backfill_months): 0's
    # to its first month, not over 10's month 21 or 5's month 22 with none, nor over 2's, 8's or
    # 9's month 27 with none
    assert [found.onset[e, t] for e, t in alarms] == [20, 28, 20, 20, 23, 20, 28, 28, 22]
    assert found.p_value[5, 24] == pytest.approx(herding.poisson_tail(8, 1.0) / 0.5, rel=1e-9, abs=0)
    assert found.p_value[8, 29] == pytest.approx(herding.poisson_tail(8, 2 / 3) / 0.5, rel=1e-9, abs=0)
    # (12 has no alarm: its p-value is that tail times the three windows tried)
    assert found.p_value[12, 30] == pytest.approx(3 * herding.poisson_tail(8, 3 * 15 / 24) / 0.5, rel=1e-9, abs=0)
    default = herding.detect_alarms(
        counts,
        [20, 20, 0, 20, 20, 20, 20, 0, 0, 0, 20, 0, 0],
        [False, False, True, False, False, False, False, True, True, True, False, True, True],
        Settings(wave_fdr=0.0, newcomer_fdr=0.0),
        dispersion=1.0,
        population=0.5,
        local=local,
    )
    assert Settings().sparse_tail == 3e-3
    assert np.argwhere(default.alarm).tolist() == [list(a) for a in alarms] + [[12, 30]]
    assert found.baseline[2, 29] == pytest.approx(1 / 24) and found.baseline[9, 29] == pytest.approx(7 / 24)
    assert found.baseline[8, 29] == pytest.approx(8 / 24) and found.baseline[11, 5] == pytest.approx(1 / 4)
    # its p-value is its window's tail: 8 members against 2 months of the population's 0.5,
    # P(X >= 8 | Poisson 1) over the total's half of the budget (the city's cell gives the same)
    assert found.p_value[0, 21] == pytest.approx(herding.poisson_tail(8, 1.0) / 0.5, rel=1e-9, abs=0)


def test_a_newcomers_members_in_one_city_over_its_first_four_months_or_most_of_them_reach_min_members() -> None:
    # Newcomers from month 20 (the population's 0.5 a month; a false discovery rate of 0, so only
    # the rules decide), two members a month in one city:
    # - 0, months 20-23: no three months hold 8 there (6), the four do: a threshold alarm in month
    #   23, its fourth (debut_months), on four months, from month 20;
    # - 1, one member elsewhere in month 20, then two a month in months 21-24: its four months in
    #   the city end in month 24, its fifth: left to the test, no alarm;
    # - 2, 3 and 5 members in months 20-21, 7 of the 8 in one city (a quarter may be elsewhere,
    #   threshold_city_share): a threshold alarm in month 21 on two months;
    # - 3, as 2 but 5 of the 8 in one city: no alarm;
    # - 4, one member in month 20, then 3 and 5 in months 24-25, 7 of the 8 in one city: month 25 is
    #   past its debut; its months so far (20-23) hold one member, 24 / 4 = 6 < 8 in two years
    #   (quiet), but a grown newcomer's city holds min_members itself: no alarm;
    # - 5, as 4 with all 8 in the city: a threshold alarm in month 25 on two months, from month 24;
    # - 6, 3, 2, 2, 1 in months 20-23, all in one city (8 over its four months: a threshold alarm in
    #   month 23), then 8 there in month 24: its months so far all lie in that alarm, none outside
    #   it, a rate of 0 (quiet): a threshold alarm in month 24 on one month.
    counts = np.zeros((7, 30))
    counts[0, 20:24] = 2
    counts[1, 20], counts[1, 21:25] = 1, 2
    counts[2:4, 20], counts[2:4, 21] = 3, 5
    counts[4:6, 20], counts[4:6, 24], counts[4:6, 25] = 1, 3, 5
    counts[6, 20:25] = [3, 2, 2, 1, 8]
    cells = [(0, 22, 3, 6), (0, 23, 3, 6), (0, 23, 4, 8), (1, 23, 3, 6), (1, 24, 3, 6), (1, 24, 4, 8),
             (2, 21, 2, 7), (3, 21, 2, 5), (3, 21, 1, 3), (4, 25, 2, 7), (5, 25, 2, 8), (6, 23, 4, 8),
             (6, 24, 1, 8)]  # fmt: skip
    local = local_cells(cells)
    rules_only = Settings(wave_fdr=0.0, newcomer_fdr=0.0)
    found = herding.detect_alarms(
        counts, [20] * 7, [False] * 7, rules_only, dispersion=1.0, population=0.5, local=local
    )
    assert np.argwhere(found.alarm).tolist() == [[0, 23], [2, 21], [5, 25], [6, 23], [6, 24]]
    assert found.window[6, 23] == 4 and found.window[6, 24] == 1 and found.onset[6, 24] == 24
    assert herding.TRIGGERS[found.trigger[6, 24]] == "threshold"
    assert {herding.TRIGGERS[found.trigger[e, t]] for e, t in ((0, 23), (2, 21), (5, 25))} == {"threshold"}
    assert found.window[0, 23] == 4 and found.onset[0, 23] == 20
    assert found.window[2, 21] == 2 and found.onset[2, 21] == 20
    assert found.window[5, 25] == 2 and found.onset[5, 25] == 24


def test_a_quiet_entitys_rise_found_by_the_test_goes_back_over_its_months_above_its_mean() -> None:
    # From the data's first month (censored), one member in month 10, then 1, 2, 4, 6 in months
    # 30-33 (no local counts: no threshold rule). Month 33: its window of months 31-33 holds 12
    # against the 24 months before it less one (6-29: one member), P(X >= 12 | Poisson 3/24) =
    # 2.7e-20, far under the two months' P(X >= 10 | Poisson 2 * 2/24) = 3.9e-15: a build-up on
    # three months. The entity is quiet (months 8-31 hold 4, mu = 1/6, 24 mu = 4 < 8), so its
    # rise goes back over month 30 (1 > 1/6), not over month 29 (none): it starts in month 30.
    # A second, as quiet (one member in month 10), names one in month 32 and 12 in month 33: a
    # spike, whose rise is its month alone (the member before is its ordinary pace)
    counts = np.zeros((2, 40))
    counts[:, 10] = 1
    counts[0, 30:34] = [1, 2, 4, 6]
    counts[1, 32:34] = [1, 12]
    found = herding.detect_alarms(counts, [0, 0], [True, True], Settings(), dispersion=1.0)
    assert np.argwhere(found.alarm).tolist() == [[0, 33], [1, 33]]
    assert herding.TRIGGERS[found.trigger[1, 33]] == "spike" and found.onset[1, 33] == 33
    assert herding.TRIGGERS[found.trigger[0, 33]] == "buildup" and found.window[0, 33] == 3
    assert found.baseline[0, 33] == pytest.approx(1 / 6)
    assert found.p_value[0, 33] == pytest.approx(herding.poisson_tail(12, 3 / 24), rel=1e-9, abs=0)
    assert found.onset[0, 33] == 30


def test_a_newcomer_is_judged_on_all_its_months() -> None:
    # A newcomer from month 20 naming two a month in months 20-23 (in many cities: no local
    # counts). No window of 1-3 months holds min_members (6 at most); all four months hold 8.
    # Against the population's 0.25 a month that is P(X >= 8 | Poisson 1) = 1.02e-5, times the 4
    # windows tried = 4.1e-5, under 0.01 (the newcomers' family holds it alone): a build-up alarm in
    # month 23 on four months, from month 20. Against 1 a month, P(X >= 8 | Poisson 4) = 0.051:
    # none.
    counts = np.zeros((1, 30))
    counts[0, 20:24] = 2
    found = herding.detect_alarms(counts, [20], [False], Settings(), dispersion=1.0, population=0.25)
    assert np.argwhere(found.alarm).tolist() == [[0, 23]]
    assert herding.TRIGGERS[found.trigger[0, 23]] == "buildup"
    assert found.window[0, 23] == 4 and found.onset[0, 23] == 20
    assert found.p_value[0, 23] == pytest.approx(herding.poisson_tail(8, 1.0), rel=1e-9, abs=0)
    busier = herding.detect_alarms(counts, [20], [False], Settings(), dispersion=1.0, population=1.0)
    assert not busier.alarm.any()
    assert busier.p_value[0, 23] == pytest.approx(4 * herding.poisson_tail(8, 4.0), rel=1e-9, abs=0)


def test_several_ordinary_cases_in_one_month_are_judged_by_the_entitys_case_rate() -> None:
    # An entity with one case naming 3 members every month, then 8 such cases (24) in month 30.
    # All entities' cases name one member (0.9) or 30 (0.1): mean 3.9. The compound tail of the
    # members lets one big case make the 24: 3 / 3.9 expected cases, each 30 with chance 0.1,
    # P(X >= 24) = 1 - exp(-0.077) = 0.074, times 3 windows: no alarm. The entity's own cases
    # say more: 8 against its one a month (months 5-28), P(N >= 8 | Poisson 1) = 1.02e-5 over the
    # total's half of its budget, times 3 windows = 6.1e-5: a spike in month 30.
    counts = np.r_[np.full(30, 3.0), 24.0][None, :]
    cases = np.r_[np.ones(30), 8.0][None, :]
    pmf = np.zeros(31)
    pmf[1], pmf[30] = 0.9, 0.1
    plain = herding.detect_alarms(counts, [0], [True], Settings(), dispersion=1.0, case_sizes=pmf)
    assert not plain.alarm.any()
    assert plain.p_value[0, 30] == pytest.approx(3 * herding.compound_tail([24], [3 / 3.9], pmf)[0], rel=1e-9)
    assert plain.p_value[0, 30] == pytest.approx(3 * (1 - math.exp(-0.3 / 3.9)), rel=0.02)
    found = herding.detect_alarms(
        counts, [0], [True], Settings(), dispersion=1.0, case_sizes=pmf, own_sizes=herding.CaseSizes(cases, 2.9, 1.0)
    )
    assert np.argwhere(found.alarm).tolist() == [[0, 30]]
    assert herding.TRIGGERS[found.trigger[0, 30]] == "spike"
    assert found.p_value[0, 30] == pytest.approx(herding.poisson_tail(8, 1.0) / 0.5, rel=1e-9, abs=0)


def test_more_cases_naming_no_more_sellers_are_no_wave() -> None:
    # One case naming 9 members every month, then 8 cases naming one each in month 30: 8 cases
    # against one a month, but 8 members against 9: no wave (the cases are judged only where the
    # members are above their expectation), and the p-value is 1.
    counts = np.r_[np.full(30, 9.0), 8.0][None, :]
    cases = np.r_[np.ones(30), 8.0][None, :]
    pmf = np.zeros(10)
    pmf[1], pmf[9] = 0.5, 0.5
    found = herding.detect_alarms(
        counts, [0], [True], Settings(), dispersion=1.0, case_sizes=pmf, own_sizes=herding.CaseSizes(cases, 4.0, 1.0)
    )
    assert not found.alarm.any()
    assert found.p_value[0, 30] == 1.0


def test_a_newcomers_members_keep_the_totals_whole_budget() -> None:
    # A newcomer's cases are not judged (too few to give a rate), so its members' tail is not
    # halved for them: 2, 3, 3 members in months 20-22 against the population's 0.5 a month,
    # P(X >= 8 | Poisson 1.5) times 3 windows = 5.1e-4, the same with the cases given as without.
    counts = np.r_[np.zeros(20), 2, 3, 3, 0][None, :]
    cases = (counts > 0).astype(float)
    found = herding.detect_alarms(
        counts, [20], [False], Settings(), dispersion=1.0, population=0.5, own_sizes=herding.CaseSizes(cases, 1.0, 1.0)
    )
    assert np.argwhere(found.alarm).tolist() == [[0, 22]]
    assert found.p_value[0, 22] == pytest.approx(herding.poisson_tail(8, 1.5), rel=1e-9, abs=0)


def test_all_the_months_of_an_entity_not_known_to_be_new_are_no_window() -> None:
    # First seen in month 1, where it may be an older filer (not known to be new), naming 6 every
    # third month: no window of three months holds min_members, and its months 1-4 (12) are not
    # judged against brand-new brands' 0.35 a month (P(X >= 12 | Poisson 1.4) = 1e-7): no wave.
    # Known to be new, the same months would be: its first month's 6 is a new brand's wave.
    counts = np.zeros((1, 12))
    counts[0, [1, 4, 7, 10]] = 6
    kept = herding.detect_alarms(counts, [1], [False], Settings(), dispersion=1.0, population=0.35, known_new=[False])
    assert not kept.alarm.any()
    new = herding.detect_alarms(counts, [1], [False], Settings(), dispersion=1.0, population=0.35, known_new=[True])
    assert new.alarm[0, 1] and herding.TRIGGERS[new.trigger[0, 1]] == "new"


def test_every_trigger_is_named_in_both_languages() -> None:
    for trigger in herding.TRIGGERS[1:]:
        names = {t(f"herding.trigger.{trigger}", lang) for lang in ("zh", "en")}
        assert len(names) == 2 and f"herding.trigger.{trigger}" not in names


def test_thinned_pmf_keeps_the_mean_in_the_cell() -> None:
    # every case names two members; each lies in the city with probability 1/2: a case names 0,
    # 1 or 2 there with 1/4, 1/2, 1/4, so 3/4 of the cases touch the city, with sizes 1 (2/3) or 2
    g, touch = herding.thinned_pmf([0.0, 0.0, 1.0], 0.5)
    assert touch == pytest.approx(0.75)
    assert g[:3] == pytest.approx([0.0, 2 / 3, 1 / 3])
    f = herding.case_size_pmf([1, 1, 2, 3, 3, 4, 6])
    g, touch = herding.thinned_pmf(f, 0.3)
    mean = float((np.arange(len(f)) * f).sum())
    assert touch * float((np.arange(len(g)) * g).sum()) == pytest.approx(0.3 * mean)


def test_local_tail_of_single_member_cases_is_poisson() -> None:
    # cases of one member each: the city's members are Poisson(expected * share)
    tail = herding.local_tail([3, 9], [4.0, 4.0], [0.25, 0.25], [0.0, 1.0])
    assert tail == pytest.approx(herding.poisson_tail([3, 9], 1.0))


def test_a_far_compound_tail_is_the_sum_of_its_terms() -> None:
    # single-member cases: the compound tail is Poisson's, to its last digits far out (1 less a
    # sum read 0 or noise of 1e-15 under about 1e-14)
    x, cases = np.array([5, 12, 20, 30]), np.full(4, 0.3)
    assert herding.compound_tail(x, cases, [0.0, 1.0]) == pytest.approx(herding.poisson_tail(x, cases), rel=1e-9)
    # one case naming 12 and nothing the month before: the two months' tail (the same 12 against
    # twice the expected cases) is larger than the month's, so the rise is the month (window 1);
    # a one-case wave's two-month window had read 0 and made it a two-month ramp (found in review)
    pmf = np.array([0.0, 0.4, 0.3, 0.2, 0.1])
    one, two = herding.compound_tail(np.array([12, 12]), np.array([0.05, 0.1]), pmf)
    assert 0 < one < two < 1e-6
    window, best = rise_window({1: np.array([one]), 2: np.array([two])}, 0.05, 1)
    assert window.tolist() == [1] and best.tolist() == [one]
    # cases that name 1 (90 %) or 300 (10 %), 1e-8 of them expected: P(X >= 2) is the chance of
    # one case of 300 (1e-9) and a second case (5e-17); the same alone and beside another x (a
    # review found it 4e-17 alone, the terms summed only up to x + 200)
    sizes = np.zeros(301)
    sizes[[1, 300]] = [0.9, 0.1]
    alone = herding.compound_tail(np.array([2]), np.array([1e-8]), sizes)[0]
    beside = herding.compound_tail(np.array([2, 150]), np.array([1e-8, 1e-8]), sizes)[0]
    assert alone == pytest.approx(1e-9 + 0.5e-16 * 0.81, rel=1e-6) and beside == pytest.approx(alone, rel=1e-9)


def test_rise_window_goes_longer_only_where_the_tail_falls_under_a_twentieth() -> None:
    # per entity, the tails of windows 1, 2 and 3 months long (rise_extension 0.05):
    # - 0: 1e-6, then 1e-9, under 5 % of it: two months; 1e-10 is not under 5 % of 1e-9
    # - 1: 0.5, 0.4, 0.3: none under 5 % of the one month's: one month, deciding at 0.3
    # - 2: underflow in every window (0, floored at 1e-300): a tie, the shortest
    # - 3: no tail under 1: no window
    tails = {
        1: np.array([1e-6, 0.5, 0.0, 1.0]),
        2: np.array([1e-9, 0.4, 0.0, 1.0]),
        3: np.array([1e-10, 0.3, 0.0, 1.0]),
    }
    window, best = rise_window(tails, 0.05, 4)
    assert window.tolist() == [2, 1, 1, 0]
    assert best.tolist() == pytest.approx([1e-10, 0.3, 1e-300, 1.0])


def test_a_city_is_tested_only_where_the_entity_names_more_than_it_would_in_all() -> None:
    # three members a month for 30 months (censored, Poisson), then its three a month of months
    # 30-32 all in a city expected to hold 3.5 % of them: 9 there against 9 * 0.035 = 0.3,
    # P(X >= 9 | 0.3) ~ 3e-9, would be an alarm - but in all it named what it always does: no wave
    series = steady(33, 3.0)[None, :]
    cells = local_cells([(0, 30, 1, 3), (0, 31, 2, 6), (0, 32, 3, 9)], share=0.035)
    found = herding.detect_alarms(series, [0], [True], Settings(), dispersion=1.0, local=cells)
    assert not found.alarm.any()
    # the same 9 on top of its usual 3 a month (12 in month 32, 9 of them in the city): one
    series[0, 32] = 12.0
    cells = local_cells([(0, 32, 1, 9)], share=0.035)
    found = herding.detect_alarms(series, [0], [True], Settings(), dispersion=1.0, local=cells)
    assert np.argwhere(found.alarm).tolist() == [[0, 32]]


def test_detect_alarms_local_test_finds_a_wave_in_one_city() -> None:
    # two members a month for 30 months, then 9. The total alone: P(X >= 9 | Poisson 2) = 2.4e-4,
    # times 3 windows = 7.2e-4, above a 0.0005 rate: no alarm.
    series = np.r_[steady(30, 2.0), 9][None, :]
    strict = Settings(wave_fdr=0.0005)
    assert not herding.detect_alarms(series, [0], [True], strict, dispersion=1.0).alarm.any()
    # the 9 all in a city holding a tenth of the entity's members: P(X >= 9 | Poisson 0.2) = 1.2e-12,
    # over local_weight times the city's weight (0.05): an alarm in month 30
    one_city = local_cells([(0, 30, 1, 9)], share=0.1)
    found = herding.detect_alarms(series, [0], [True], strict, dispersion=1.0, local=one_city)
    assert np.argwhere(found.alarm).tolist() == [[0, 30]]
    assert found.p_value[0, 30] == pytest.approx(herding.poisson_tail(9, 0.2) / 0.05)
    # spread over cities (no city reaches local_min_members) the local test has no candidate


def test_a_citys_expected_share_is_its_share_of_the_entitys_sectors() -> None:
    # Members newly named (entity, month, city, top sector): B names 6 in X and 2 in Y, all S1; C
    # names 8 in Y, S2; A, new in month 2, names 3 in X, S1. All members: X holds 9 of 19; of the
    # S1 members X holds 9 of 11. A has no history before the window: its expected share of X is
    # the city's share of its sectors' members, 9/11 (city_prior members at that share, none of
    # its own), and so is X's Bonferroni weight; without sectors both are X's share of all, 9/19.
    months = pd.date_range("2024-01-01", periods=3, freq="MS")
    rows = pd.DataFrame(
        {
            "entity": ["B", "B", "C", "A"],
            "month": months[[0, 0, 0, 2]],
            "city_code": ["X", "Y", "Y", "X"],
            "sector_top": ["S1", "S1", "S2", "S1"],
            "new_members": [6, 2, 8, 3],
        }
    )
    for frame, expected in ((rows, 9 / 11), (rows.drop(columns="sector_top"), 9 / 19)):
        local = herding.local_counts(frame, ["A", "B", "C"], months, Settings())
        mine = local.row == 0
        # A's three in X, in the windows of 1..4 months ending in month 2
        assert local.window[mine].tolist() == [1, 2, 3, 4] and set(local.month[mine]) == {2}
        assert local.share[mine] == pytest.approx(np.full(4, expected))
        assert local.weight[mine] == pytest.approx(np.full(4, expected))
    # a member of no known sector counts at the shares of all members: A's 3 in X unlabelled, and
    # 3 more in Y labelled S2 in month 2. All members: X 9 of 22; S2: X none of 11. A's members
    # through month 2, 3 unlabelled and 3 of S2: X (3 * 9/22 + 3 * 0/11) / 6, Y (3 * 13/22 + 3) / 6
    more = pd.concat(
        [
            rows.assign(sector_top=["S1", "S1", "S2", None]),
            pd.DataFrame({"entity": ["A"], "month": months[[2]], "city_code": ["Y"], "sector_top": ["S2"],
                          "new_members": [3]}),
        ],
        ignore_index=True,
    )  # fmt: skip
    local = herding.local_counts(more, ["A", "B", "C"], months, Settings())
    x_cells = (local.row == 0) & (local.window == 1) & (local.members == 3)  # A's cells in X, Y
    assert local.share[x_cells].tolist() == pytest.approx([(3 * 9 / 22) / 6, (3 * 13 / 22 + 3) / 6])


def test_a_window_with_too_few_own_months_before_it_is_judged_by_the_whole_baseline() -> None:
    # A newcomer from month 10 (one member), then 3, 3 and 3 in months 14-16, Poisson, one entity
    # at a false discovery rate of 1e-4. In month 16 it has 6 months of its own (min_history): it is
    # judged by its baseline, months 10-14 (less skip_months), mu = 4/5. Its three months 14-16 hold
    # 9: before them lie only months 10-12 (one member), three months, fewer than min_history - a
    # brand's quiet first months before it got going - so the window is judged by mu, not by 1/3 a
    # month: P(X >= 9 | Poisson 3 * 0.8) = 1.9e-3, times 3 windows: no alarm (by 1/3 it would be
    # P(X >= 9 | Poisson 1) = 1.1e-6, times 3, an alarm).
    counts = np.zeros((1, 18))
    counts[0, [10, 14, 15, 16]] = [1, 3, 3, 3]
    found = herding.detect_alarms(counts, [10], [False], Settings(wave_fdr=1e-4), dispersion=1.0, population=0.5)
    assert not found.alarm.any()
    assert found.baseline[0, 16] == pytest.approx(0.8) and not found.population[0, 16]
    assert found.p_value[0, 16] == pytest.approx(3 * herding.poisson_tail(9, 2.4))
    assert 3 * herding.poisson_tail(9, 1.0) < 1e-4 < 3 * herding.poisson_tail(9, 2.4)


def test_a_newcomers_rise_goes_back_over_an_empty_month_to_an_improbable_one() -> None:
    # Two newcomers from month 10 (uncensored), judged by the population's rate 0.25, Poisson:
    # 4 members, none, then 11 in month 12: a spike in month 12 (P(X >= 11 | 0.25) = 6e-15; the
    # two- and three-month windows' tails are not under 5 % of it). Month 11 is empty, but month 10
    # alone is improbable (P(X >= 4 | 0.25) = 1.3e-4 < rise_extension): the rise starts there.
    # The other's month 10 holds one member (P = 0.22, a newcomer's pace): its rise is month 12.
    counts = np.zeros((2, 14))
    counts[0, [10, 12]] = [4, 11]
    counts[1, [10, 12]] = [1, 11]
    found = herding.detect_alarms(counts, [10, 10], [False, False], Settings(), dispersion=1.0, population=0.25)
    assert np.argwhere(found.alarm).tolist() == [[0, 12], [1, 12]]
    assert found.window[:, 12].tolist() == [1, 1]
    assert herding.poisson_tail(4, 0.25) < 0.05 < herding.poisson_tail(1, 0.25)
    assert found.onset[:, 12].tolist() == [10, 12]


def test_a_quiet_entitys_one_month_alarm_goes_back_over_improbable_months_of_two_or_more() -> None:
    # Three entities seen from the data's start (censored), rules only (no test can decide), each
    # naming 8 in one city in month 30 (the threshold rule, on one month). Their baselines are
    # months 5-28 (24 months, less skip_months):
    # - 0: one member in months 5 and 28, mu = 2/24 (quiet), then 3 in month 29: P(X >= 3 | 1/12) =
    #   9.1e-5 < rise_extension, so the rise starts in month 29; month 28's one member is its pace;
    # - 1: one member in month 5, two in each of months 27-29, mu = 5/24 (quiet): P(X >= 2 | 5/24)
    #   = 0.019 for months 29 and 28, but backfill_months (2) reaches no further: from month 28;
    # - 2: one member in months 5, 8, ..., 26 and 28 (9), mu = 9/24 = 0.375 (sparse), two in month
    #   29: P(X >= 2 | 0.375) = 0.055 is its ordinary pace: the rise is month 30 alone.
    counts = np.zeros((3, 32))
    counts[0, [5, 28, 29, 30]] = [1, 1, 3, 8]
    counts[1, [5, 27, 28, 29, 30]] = [1, 2, 2, 2, 8]
    counts[2, [5, 8, 11, 14, 17, 20, 23, 26, 28, 29, 30]] = [1, 1, 1, 1, 1, 1, 1, 1, 1, 2, 8]
    local = local_cells([(0, 30, 1, 8), (1, 30, 1, 8), (2, 30, 1, 8)])
    rules_only = Settings(wave_fdr=0.0, newcomer_fdr=0.0)
    found = herding.detect_alarms(counts, [0, 0, 0], [True] * 3, rules_only, dispersion=1.0, local=local)
    assert np.argwhere(found.alarm).tolist() == [[0, 30], [1, 30], [2, 30]]
    assert {herding.TRIGGERS[found.trigger[e, 30]] for e in range(3)} == {"threshold"}
    assert found.window[:, 30].tolist() == [1, 1, 1]
    assert found.baseline[:, 30].tolist() == pytest.approx([2 / 24, 5 / 24, 9 / 24])
    assert herding.poisson_tail(3, 2 / 24) == pytest.approx(9.1e-5, rel=0.05)
    assert herding.poisson_tail(2, 5 / 24) == pytest.approx(0.019, rel=0.05)
    assert herding.poisson_tail(2, 9 / 24) == pytest.approx(0.055, rel=0.05)
    assert found.onset[:, 30].tolist() == [29, 28, 30]


def test_a_one_month_alarms_rise_is_judged_by_the_pace_without_the_rises_months() -> None:
    # A brand first seen in month 20 (uncensored, past its debut) naming 1, then 2, 4 and 8 in one
    # city in months 26-28 (the threshold rule, on one month, at 28). Its baseline, months 20-26
    # (less skip_months), holds 3 in 7 months: 0.43 a month, sparse (5.1 in sparse_months). Judged
    # at that pace, month 27's 4 is improbable, but month 26's 2 is not: P(X >= 2 | 0.43) = 0.069.
    # Month 26 is itself one of the months the rise may reach back over, and names two or more:
    # without it the pace is 1 in 6 months, P(X >= 2 | 1/6) = 0.012, and the rise starts in month 26.
    counts = np.zeros((1, 30))
    counts[0, [20, 26, 27, 28]] = [1, 2, 4, 8]
    local = local_cells([(0, 28, 1, 8)])
    rules_only = Settings(wave_fdr=0.0, newcomer_fdr=0.0)
    found = herding.detect_alarms(counts, [20], [False], rules_only, dispersion=1.0, local=local)
    assert np.argwhere(found.alarm).tolist() == [[0, 28]]
    assert herding.TRIGGERS[found.trigger[0, 28]] == "threshold" and found.window[0, 28] == 1
    assert found.baseline[0, 28] == pytest.approx(3 / 7)
    assert herding.poisson_tail(2, 3 / 7) == pytest.approx(0.069, rel=0.05)
    assert herding.poisson_tail(2, 1 / 6) == pytest.approx(0.012, rel=0.05)
    assert found.onset[0, 28] == 26


def test_a_grown_newcomers_pace_takes_min_history_months_at_the_newcomers_rate() -> None:
    # A newcomer first seen in month 20 naming 1, 0, 1, then 3 and 4 in one city (8 there over
    # months 22-24, the threshold's size, in month 24, just past its debut_months). Its own months so
    # far (20-22, less skip_months) hold 2 in 3: 0.67 a month, 16 in baseline_months and exactly 8
    # in sparse_months - neither quiet nor sparse, so only the test could tell. With min_history (6)
    # months at the newcomers' rate (0.1) added: (2 + 0.6) / 9 = 0.29 a month, 6.9 in
    # baseline_months: quiet, and the size rule flags it, from month 22 (its members before are a
    # lone one at the newcomers' pace, P(X >= 1 | 0.1) = 0.095).
    counts = np.zeros((1, 27))
    counts[0, [20, 22, 23, 24]] = [1, 1, 3, 4]
    local = local_cells([(0, 24, 3, 8)])
    rules_only = Settings(wave_fdr=0.0, newcomer_fdr=0.0)
    pace_before, pace_now = 2 / 3, (2 + 0.1 * 6) / 9
    assert pace_before * 12 == pytest.approx(8) and pace_now * 24 == pytest.approx(6.93, abs=0.01)
    found = herding.detect_alarms(counts, [20], [False], rules_only, dispersion=1.0, population=0.1, local=local)
    assert np.argwhere(found.alarm).tolist() == [[0, 24]]
    assert herding.TRIGGERS[found.trigger[0, 24]] == "threshold" and found.window[0, 24] == 3
    assert bool(found.population[0, 24]) and found.onset[0, 24] == 22


def test_a_newcomers_slow_spread_through_one_city_is_a_wave_in_its_first_year() -> None:
    # A newcomer first seen in month 20 naming 1, 1, 2, 2, 3, 3, 4 members of one city (months
    # 20-26). Its debut (months 20-23) holds 6 there; past it, its pace so far (months 20-22 at
    # month 24: 4 in 3, with min_history months at the newcomers' 0.5: (4 + 3) / 9 = 0.78 a month)
    # is neither quiet nor sparse (under 0.67), so the size rule does not judge its windows (and the
    # tests are off: rules_only). Its city
    # holds all 9 of its members by month 24: at the city's share of 0.3, P(Bin(9, 0.3) >= 9) =
    # 0.3^9 = 2.0e-5 < first_year_tail (1e-4), a wave in month 24 over its 5 months since the first.
    # At a share of 0.4, 0.4^9 = 2.6e-4 is not one, but 12 of 12 in month 25 is (0.4^12 = 1.7e-5).
    # Row 1 names the same, with 8 of its 16 in one city by month 26: P(Bin(16, 0.3) >= 8) = 0.074.
    # Row 2 names 5 in its first month (the new rule's wave), then 1, 1, 2, 2, 3: all 14 in one city
    # by month 25 (0.3^14 = 4.8e-8), but the rule is for a newcomer with no alarm yet.
    ramp = [1, 1, 2, 2, 3, 3, 4]
    counts = np.zeros((3, 28))
    counts[0, 20:27] = counts[1, 20:27] = ramp
    counts[2, 20:26] = [5, 1, 1, 2, 2, 3]
    rules_only = Settings(wave_fdr=0.0, newcomer_fdr=0.0)

    def first_year(share: float) -> herding.LocalCounts:
        cells = [(0, 24, 5, 9), (0, 25, 6, 12), (0, 26, 7, 16), (1, 26, 7, 8), (2, 25, 6, 14)]
        return local_cells(cells, share)

    def found(share: float) -> herding.Alarms:
        return herding.detect_alarms(
            counts, [20] * 3, [False] * 3, rules_only, dispersion=1.0, population=0.5, first_year=first_year(share)
        )

    at_03 = found(0.3)
    assert np.argwhere(at_03.alarm).tolist() == [[0, 24], [2, 20]]
    assert herding.TRIGGERS[at_03.trigger[0, 24]] == "threshold" and at_03.window[0, 24] == 5
    assert at_03.onset[0, 24] == 20 and at_03.p_value[0, 24] == pytest.approx(0.3**9)
    assert herding.binomial_tail(8, 16, 0.3) == pytest.approx(0.0744, abs=1e-4)
    at_04 = found(0.4)
    assert np.argwhere(at_04.alarm).tolist() == [[0, 25], [2, 20]]
    assert at_04.window[0, 25] == 6 and at_04.p_value[0, 25] == pytest.approx(0.4**12)
    # without it, none of the newcomers' later months is a wave
    assert np.argwhere(found(1.0).alarm).tolist() == [[2, 20]]
    # a month the test finds keeps the test's window and p-value: 1, 1, 2, 2, 3, then 12 in month 25
    # (a spike), with all 21 in one city at a share of 0.5 (0.5^21 = 4.8e-7 under first_year_tail; a
    # made-up cell: first_year_counts leaves out a month holding half)
    spike = np.zeros((1, 28))
    spike[0, 20:27] = [1, 1, 2, 2, 3, 12, 4]
    cell = local_cells([(0, 25, 6, 21)], 0.5)
    alone, both = (
        herding.detect_alarms(spike, [20], [False], Settings(), dispersion=1.0, population=0.5, first_year=given)
        for given in (None, cell)
    )
    assert herding.TRIGGERS[both.trigger[0, 25]] == "spike" and both.window[0, 25] == 1
    assert both.p_value[0, 25] == alone.p_value[0, 25] < 1e-9


def test_newcomers_are_their_own_family() -> None:
    # forty established entities with one member a month, and a newcomer from month 20 naming 2,
    # 3, 3: 8 in three months against the population's 0.5 a month, P(X >= 8 | Poisson 1.5) =
    # 1.7e-4, times 3 windows = 5.1e-4. Among 41 entities that would need 0.01 / 41 = 2.4e-4; the
    # newcomers' family holds it alone: newcomer_fdr, 0.001.
    established = np.tile(steady(24), (40, 1))
    newcomer = np.r_[np.zeros(20), 2, 3, 3, 0][None, :]
    counts = np.vstack([established, newcomer])
    found = herding.detect_alarms(
        counts, [0] * 40 + [20], [True] * 40 + [False], Settings(), dispersion=1.0, population=0.5
    )
    assert found.alarm[40].any() and not found.alarm[:40].any()
    assert bool(found.population[40, 22])
    assert np.argwhere(found.alarm[40]).ravel().tolist() == [22]
    assert found.p_value[40, 22] == pytest.approx(herding.poisson_tail(8, 1.5))
    # ... at its own rate, newcomer_fdr (0.001 by default): at 0.0004 it is not found
    stricter = herding.detect_alarms(
        counts, [0] * 40 + [20], [True] * 40 + [False], Settings(newcomer_fdr=0.0004), dispersion=1.0, population=0.5
    )
    assert not stricter.alarm.any()


def test_detect_alarms_build_up_through_the_cusum() -> None:
    # 24 months alternating 1, 0, then 4, 4. Month 24: baseline months 0-22 hold 12 ones, mu =
    # 12/23, k = mu / ln 2 = 0.7527, S = 4 - k = 3.25 > h(0.52) = 2.78 but the run total 4 < 8.
    # Month 25: baseline months 0-23, mu = 0.5, k = 0.7213, S = 6.53; the run total 8 against
    # the months before the run (0-22, less the skipped month 23: mu 12/23 as in month 24),
    # Poisson(2 * 12 / 23), has P(X >= 8) = 1.39e-5 < 0.001: a build-up alarm whose wave starts in
    # 24. Neither month is a spike (4 < 8 members).
    series = np.r_[np.tile([1.0, 0.0], 12), 4, 4, 0]
    found = herding.detect_alarms(series[None, :], [0], [True], Settings(), dispersion=1.0)
    assert np.argwhere(found.alarm).tolist() == [[0, 25]]
    assert herding.TRIGGERS[found.trigger[0, 25]] == "buildup"
    assert found.onset[0, 25] == 24
    assert found.p_value[0, 25] == pytest.approx(herding.poisson_tail(8, 24 / 23))
    assert found.p_value[0, 25] == pytest.approx(1.3867e-5, rel=1e-3)
    assert found.cusum[0, 24] == pytest.approx(4 - 12 / 23 / math.log(2))
    assert found.cusum[0, 25] == pytest.approx(8 - 12 / 23 / math.log(2) - 0.5 / math.log(2))
    assert herding.cusum_threshold(12 / 23) == pytest.approx(2.75 + 0.5 * math.log2(24 / 23))


def test_alarm_months_leave_the_baseline() -> None:
    # a spike of 20 in month 30 is not part of the baseline of month 31, so 12 alarms again
    series = np.r_[steady(30), 20, 12]
    found = herding.detect_alarms(series[None, :], [0], [True], Settings(), dispersion=1.0)
    assert found.alarm[0, 30] and found.alarm[0, 31]
    assert found.baseline[0, 31] == pytest.approx(1.0)


def test_pooled_dispersion() -> None:
    # after the first month: [0, 4, 0, 4, ...] has mean 2 and variance 4.17 (ddof 1, 24 months)
    counts = np.r_[1, np.tile([0.0, 4.0], 12)][None, :]
    assert herding.pooled_dispersion(counts, np.array([0])) == pytest.approx(np.var(np.tile([0, 4], 12), ddof=1) / 2)
    assert herding.pooled_dispersion(np.ones((1, 30)), np.array([0])) == 1.0  # never below Poisson


def test_population_rate_is_never_zero() -> None:
    # one newcomer, twelve months: eleven name no one, one names 6. Winsorised at the 90th
    # percentile (0: the 10th of 12 sorted values) the rate would be 0, and any member a certain
    # alarm; the plain mean instead: 6 / 12
    counts = np.r_[np.zeros(11), 6][None, :]
    assert herding.population_rate(counts, [0], [False], 12, np.ones(12), default=0.3) == pytest.approx(0.5)
    # nothing named at all: the default
    assert herding.population_rate(np.zeros((1, 12)), [0], [False], 12, np.ones(12), default=0.3) == 0.3
    # with ordinary values the winsorised mean: 1, 2, ..., 12 capped at their 90th percentile 10.9
    counts = np.arange(1, 13, dtype=float)[None, :]
    assert herding.population_rate(counts, [0], [False], 12, np.ones(12)) == pytest.approx((55 + 2 * 10.9) / 12)


def test_rate_spread_by_the_method_of_moments() -> None:
    # 20 newcomers over their first 2 months: ten name no one, ten name 2 a month. Rates 0 and 2:
    # mean 1, variance 1, less what counting adds (dispersion 1 x mean 1 / 2 months): 0.5, shape
    # 1 / 0.5 = 2 (the 95th percentile is 2: winsorising changes nothing)
    counts = np.zeros((22, 6))
    counts[10:20, 0:2] = 2.0
    start = np.r_[np.zeros(20, dtype=int), 0, 5]
    # a censored entity and one seen for a single month are not counted
    counts[20, :] = 9.0
    counts[21, 5] = 9.0
    censored = np.r_[np.zeros(20, dtype=bool), True, False]
    assert herding.rate_spread(counts, start, censored, 2, 1.0) == pytest.approx(2.0)
    # with dispersion 2 counting adds 1: no variance beyond it, all alike
    assert herding.rate_spread(counts, start, censored, 2, 2.0) == np.inf
    # under 20 newcomers: all alike
    assert herding.rate_spread(counts[1:], start[1:], censored[1:], 2, 1.0) == np.inf
    # one newcomer naming 40 a month is winsorised to the 95th percentile of the rates
    counts[19, 0:2] = 40.0
    rates = np.minimum(
        np.r_[np.zeros(10), np.full(9, 2.0), 40.0], np.quantile(np.r_[np.zeros(10), np.full(9, 2.0), 40.0], 0.95)
    )
    beyond = rates.var() - rates.mean() / 2
    assert herding.rate_spread(counts, start, censored, 2, 1.0) == pytest.approx(rates.mean() ** 2 / beyond)


def test_compound_tail_with_a_spread_rate_is_negative_binomial() -> None:
    # one member a case: the members are the cases, Poisson(2) given the rate; a gamma rate of
    # shape 1.5 makes them negative binomial, size 1.5 and mean 2
    x = np.array([1, 4, 9])
    spread = herding.compound_tail(x, [2.0] * 3, [0.0, 1.0], spread=1.5)
    assert spread == pytest.approx(stats.nbinom.sf(x - 1, 1.5, 1.5 / 3.5))
    # with the cases overdispersed too (variance 1.4 x the mean): variance 1.4 * 2 + 2^2 / 2 = 4.8,
    # a negative binomial of size 2 / 1.4 and p 1 / 2.4
    both = herding.compound_tail(x, [2.0] * 3, [0.0, 1.0], case_dispersion=1.4, spread=2.0)
    assert both == pytest.approx(stats.nbinom.sf(x - 1, 2 / 1.4, 1 / 2.4))
    # per entity: an infinite spread is the plain count
    mixed = herding.compound_tail(x, [2.0] * 3, [0.0, 1.0], spread=[1.5, np.inf, np.inf])
    assert mixed == pytest.approx([spread[0], *stats.poisson.sf(x[1:] - 1, 2.0)])
    # a spread so large it adds next to nothing is Poisson still, to the far tail: P(N >= 300 |
    # Poisson 200) = 2.7e-11 (raising 1 + beta to -lam / beta lost it: 1.7e-5 at spread 2e11)
    far = herding.compound_tail([300, 300], [200.0, 200.0], [0.0, 1.0], spread=[2e11, 5.7e10])
    assert far == pytest.approx(stats.poisson.sf(299, 200.0), rel=1e-4)


def test_detect_alarms_a_newcomer_is_any_of_the_newcomers() -> None:
    # a newcomer first seen in month 12 names 1, 0, 6, 5 (a member a case). Against the
    # newcomers' rate 0.5 alike, 11 in months 14-15 is Poisson(1) >= 11 = 1.0e-8: a build-up
    x = np.zeros((1, 20))
    x[0, 12:16] = [1, 0, 6, 5]
    alike = herding.detect_alarms(x, [12], [False], Settings(), population=0.5, case_sizes=[0.0, 1.0])
    assert np.flatnonzero(alike.alarm[0]).tolist() == [15]
    assert alike.p_value[0, 15] == pytest.approx(stats.poisson.sf(10, 1.0))
    # the newcomers' rates spread as a gamma of shape 1: the count is geometric, P(N >= 11) =
    # (1/2)^11, the smallest of the windows tried (one month under min_members, two, three, and
    # the four since its first: 12 against mean 2, (2/3)^12): 4 x 0.5^11 = 0.00195, over the
    # newcomers' false discovery rate: a busy newcomer, no wave
    spread = herding.detect_alarms(x, [12], [False], Settings(), population=0.5, case_sizes=[0.0, 1.0], spread=1.0)
    assert not spread.alarm.any()
    assert spread.p_value[0, 15] == pytest.approx(4 * 0.5**11)


def test_known_new_from_the_gaps_of_entities_seen_from_the_start() -> None:
    from casewatch.herding.stats import known_new_from

    # A names members every second month from month 0 (10 gaps of 2), B every third (10 gaps of
    # 3), C is first seen in month 5 (its gap does not count). The 20 gaps sorted: ten 2s, ten 3s;
    # their 0.9 quantile sits at 0.9 * 19 = 17.1, a 3; the 0.4 quantile at 7.6, a 2
    counts = np.zeros((3, 36))
    counts[0, 0:21:2] = 1
    counts[1, 0:31:3] = 2
    counts[2, [5, 20]] = 4
    start = [0, 0, 5]
    assert known_new_from(counts, start, 0.9, 12) == 3
    assert known_new_from(counts, start, 0.4, 12) == 2
    assert known_new_from(counts, start, 0.9, 2) == 2  # at most the cap
    # 19 gaps are too few to tell: every entity first seen after the first month is new
    counts[1, 30] = 0
    assert known_new_from(counts, start, 0.9, 12) == 1
    assert known_new_from(counts, start, 0.9, 12, fallback=12) == 12  # (a law firm's: not sure at all)
