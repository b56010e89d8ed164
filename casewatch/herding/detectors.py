"""Wave detectors on monthly counts: the exact-tail alarms over sliding windows with a
Benjamini-Hochberg correction across entities (the Poisson CUSUM alongside, descriptive); the
shape a wave is shown with is casewatch.herding.shapes'."""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

from casewatch.herding.alarm_records import Alarms, CaseSizes, LocalCounts
from casewatch.herding.bursts import cusum_reference
from casewatch.herding.settings import Settings
from casewatch.herding.stats import (
    FloatArray,
    IntArray,
    benjamini_hochberg,
    binomial_tail,
    compound_tail,
    count_tail,
    local_tail,
    own_size_tail,
    poisson_tail,
    pooled_dispersion,
    population_rate,
)

# the key of a newcomer's window over all its months among the windows' tails (sorted last)
_SINCE_FIRST = 1 << 30


def _positions(keys: IntArray) -> dict[int, IntArray]:
    """The positions of each key in ``keys``, in their order."""
    values, inverse = np.unique(keys, return_inverse=True)
    groups = np.split(np.argsort(inverse, kind="stable"), np.cumsum(np.bincount(inverse))[:-1])
    return dict(zip(values.tolist(), groups, strict=False))  # (no keys: np.split gives one empty group)


def _before(monthly: FloatArray) -> FloatArray:
    """Running sums over months (entities x months): column j sums the months before j."""
    return np.concatenate([np.zeros((monthly.shape[0], 1)), np.cumsum(monthly, axis=1)], axis=1)


def rise_window(
    window_tails: dict[int, FloatArray], rise_extension: float, n_entities: int
) -> tuple[IntArray, FloatArray]:
    """Per entity, the rise's window among ``window_tails`` (window -> tail per entity) and the
    smallest tail of all: the shortest window with a tail under 1, made longer only where a longer
    one's tail is under ``rise_extension`` times it - the earlier months add evidence of their own
    (an ordinary month before a surge makes the longest window's tail only a little smaller: it is
    not the surge's); 0 where no tail is under 1. Ties (underflow's, or the floor of
    compound_tail's precision) go to the shorter window."""
    best_tail = np.ones(n_entities)
    best_window = np.zeros(n_entities, dtype=np.int64)
    rise_tail = np.ones(n_entities)
    for w in sorted(window_tails):
        tail = np.maximum(window_tails[w], 1e-300)
        best_tail = np.minimum(best_tail, tail)
        longer = (tail < rise_tail * rise_extension) | ((rise_tail >= 1.0) & (tail < 1.0))
        rise_tail = np.where(longer, tail, rise_tail)
        best_window = np.where(longer, w, best_window)
    return best_window, best_tail


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
    local: LocalCounts | None = None,
    largest: npt.ArrayLike | None = None,
    own_sizes: CaseSizes | None = None,
    known_new: npt.ArrayLike | None = None,
    spread: float = np.inf,
    first_year: LocalCounts | None = None,
) -> Alarms:
    """Alarm months of monthly counts (entities x months), all entities at once.

    ``start`` is each entity's first month (its history begins there), ``censored`` says the
    history may begin before the data does (first month = the data's first month), so the
    no-history rules do not apply. ``known_new`` says which uncensored entities are known to be
    new at their first month, so that the new and threshold rules may judge them by size: first
    seen long enough after the data's start that an older entity would have shown before (default:
    every uncensored one). An entity first seen soon after the start may have been filing before
    the data begins: it is judged against the population's rate, by the test. ``season``
    multiplies the expected count of each month (default ones). Per month t >= start:

    - baseline mu: months [t - baseline - skip, t - skip) since start, leaving out earlier alarm
      windows (when skipping leaves nothing, months [start, t)), seasonally adjusted, at least half
      a count over the window; an uncensored entity with fewer than min_history such months takes
      the population's rate instead (``population``; default: population_rate of these counts),
      as any of the newcomers: given a finite ``spread``, the shape of a gamma distribution of
      their rates (rate_spread), its cases' variance gains mean^2 / spread (compound_tail; in the
      total's and the cities' tests alike, and so in the smallest tail the sparse rule reads): a
      newcomer is not a wave for being one of the busier newcomers;
    - windows: for w = 1..windows, the members of months t-w+1..t (none before the start or the
      last alarm), tail P(X >= x) under a negative binomial with mean mu * (sum of the season
      factors) and variance dispersion times that; a window under min_members has tail 1; given
      ``case_sizes`` (the pmf of members newly named per case, case_size_pmf), members come in
      cases instead: a compound of Poisson (or negative binomial, ``case_dispersion``) many cases
      of those sizes with the same mean (compound_tail), since one case names several at once;
      given ``own_sizes`` as well, an entity judged by its own baseline has the cases that named
      them judged too, against its own cases a month (over mu's months; the total and the cases
      each on half the total's budget): several ordinary cases in a month where one is usual is a
      surge that the members' compound tail, built on all entities' case sizes, lets pass (a
      newcomer's cases are too few to give a rate);
    - a newcomer known to be new is also judged on all its months since its first
      (or its last alarm) where they are more than the windows (the total's test, one window more
      tried): a product spreading slowly through sellers, a few a month, reaches min_members only
      over its whole history;
    - given ``local`` (members per city and window, where the window's members in all cities reach
      min_members), the same test of each city's members against
      the city's share of mu (local_tail, the cases thinned to the city): a wave in one city shows
      there long before it shows in the entity's total. The tests are joined by a weighted
      Bonferroni: a window's p-value is the smaller of its total's tail over 1 - local_weight and
      each city's tail over local_weight times the city's weight (without settings.total_test,
      a law firm's, the total is not tested and its share of the budget is left unspent: a firm
      whose new clients' sellers rise in many cities at once is winning clients, not a herd);
    - given ``largest`` (with ``case_sizes``: per entity and month, the most members newly named
      by one case), the chance that a case of the window names at least that many, against the
      window's expected cases (one case naming many at once is herding too, and the total's
      compound tail, which lets several ordinary cases add up to it, dilutes it); this test gets
      case_weight of the budget, taken from the total's and the cities' shares alike, and is tried
      once, on the one-month window: a case is judged in its own month (not again in each longer
      window, which holds the same case against more expected cases). Given
      ``own_sizes``, the chance is the entity's own: its cases before the window, shrunk towards
      all entities' by size_prior cases' worth (own_size_tail), as its counts are judged by its
      own baseline - a case naming 16 from a brand whose cases name 1-6 is rarer than among all
      brands' cases;
    - the entity's p-value is its smallest window p-value times the windows tried, or the
      largest-case test's, whichever is smaller (a weighted Bonferroni); the month alarms
      where Benjamini-Hochberg at wave_fdr finds it, across the active entities judged by their own
      baseline and, apart, across those judged by the population's (spike when the window is one
      month, build-up when longer); given weighted_fdr, weighted (Genovese, Roeder & Wasserman
      2006): a quiet entity's p-value (below; by the months before t, not by t's) weighs
      quiet_weight of the others', a sparse one's sparse_weight - the threshold rule judges their
      waves in one city by size, and the budget they would take from the test goes to the
      entities the test alone judges;
    - new: t is the first month of an entity known to be new (or, within population_months of it,
      its first month naming members) and x_t >= new_entity_members; or, in its first min_history
      months, x_t >= min_members after dormant_members or fewer since its first month;
    - return: the entity has been seen for min_history months or more, named at most
      dormant_members in the last baseline_months (or since its first month), and x_t >=
      min_members (when the test has not found it);
    - threshold (given ``local``): the entity has no wave-sized history of its own to judge by -
      t is in the first debut_months months of an entity known to be new, or the entity is quiet:
      at its own rate (its baseline's, or a newcomer's past its debut: its own months so far,
      outside its alarms and less skip_months, with min_history months at the population's rate
      added - a few months are a noisy measure of a pace, and a ramp's first months make it look
      busy) it would name fewer than min_members in baseline_months - and its members in one city over a
      window of 1..windows months (a newcomer's: up to debut_months) since its last alarm reach
      min_members, or, over 1..windows months, its members in all reach min_members with
      threshold_city_share of them in one city (not for a newcomer past its debut: its city holds
      min_members itself); the shortest such window is the alarm's. Like the new and return rules,
      it is not corrected across entities. A sparse entity, naming fewer than min_members in
      sparse_months at its own rate, is held to the same where the smallest window tail (before
      the correction) is also under sparse_tail. A busy newcomer, judged by the population's rate,
      is left to the test (busy newcomers are many where entities are many), as is an entity whose
      own rate comes to a wave's worth in sparse_months (its ordinary months add up to min_members
      in one city often enough); a quiet brand's product spreading through one city over two or
      three months is a ramp the test, corrected across hundreds of entities, finds too late or
      not at all. Given ``first_year`` (a newcomer's members in a city since its first month, past
      its debut and within population_months: at least min_members, no month holding half), a
      newcomer known to be new with no alarm yet whose city holds them with a binomial tail under
      first_year_tail at the city's share is a slow spread, its rise from its first members.
    An alarm's window is its rise's: the shortest window whose tail is under 1, made longer only
    where a longer window's tail is under rise_extension times it (the earlier months add evidence
    of their own; an ordinary month before a surge does not), while the decision takes the
    smallest tail. Its onset is that window's first month above expectation; a newcomer's (and a
    quiet or a sparse entity's on a window of several months) goes back over up to backfill_months
    earlier months above its expectation (the population's rate, or the entity's own); a
    newcomer's, over a month without members too, to a month within that reach improbable on its
    own (Poisson tail under rise_extension); a quiet or a sparse entity's one-month alarm, over the
    months just before it within that reach that name two members or more, each improbable at its
    own pace (likewise; its baseline's without those months of two or more within reach, which may
    be the rise's): a quiet brand's 1, 3, then 8 in one city is a rise from the 3, where the
    month's size alone decided. The next window starts after the alarm month. A
    window of several months of an entity judged by its own baseline is judged by its months
    before the window, or by mu where those are fewer than min_history.
    """
    x = np.asarray(counts, dtype=np.float64)
    first = np.asarray(start, dtype=np.int64)
    left_censored = np.asarray(censored, dtype=bool)
    newborn = ~left_censored if known_new is None else np.asarray(known_new, dtype=bool) & ~left_censored
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
    cum_x = _before(x)
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
    # the cases that named someone new, per usable month, likewise (given own_sizes)
    case_x = np.asarray(own_sizes.cases, dtype=np.float64) if own_sizes else np.zeros(x.shape)
    usable_cases = np.zeros((n_entities, n_months + 1))
    level = np.zeros(n_entities)
    reset = first - 1  # the last month before the current evidence may start
    rows = np.arange(n_entities)
    case_weight = settings.case_weight if (largest is not None and case_sizes is not None) else 0.0
    local_weight = (settings.local_weight if local is not None else 0.0) * (1.0 - case_weight)
    total_weight = 1.0 - local_weight - case_weight
    biggest = np.asarray(largest, dtype=np.int64) if case_weight else np.zeros((0, 0), dtype=np.int64)
    # P(a case names >= k) for k = 0..: the size distribution's survival function
    survival = np.r_[np.cumsum(sizes[::-1])[::-1], 0.0]
    # cases before each month (with cum_x: the members they named); unused without own_sizes
    cum_cases = _before(case_x)
    adjusted_cases = case_x / factor[None, :]
    thinned: dict[float, tuple[FloatArray, float]] = {}
    longest = max(settings.windows, settings.debut_months)  # the threshold rule's longest window
    # the local candidates by (month, window), the first-year rule's by month
    by_month = _positions(local.month * (longest + 1) + local.window) if local is not None else {}
    first_year_at = _positions(first_year.month) if first_year is not None else {}

    def total_tail(
        test: npt.NDArray[np.bool_],
        members: FloatArray,
        expected: FloatArray,
        cases: FloatArray,
        cases_expected: FloatArray,
        shape: FloatArray,
    ) -> FloatArray:
        """The total's tail over a window (1 where not ``test``): its members against ``expected``
        (the rate's gamma ``shape`` per entity: compound_tail's spread) and, given own_sizes,
        where the members are above it, the cases that named them against ``cases_expected``
        (NaN: not judged), each on half the total's budget where both are judged (more cases
        naming no more sellers than usual are no wave)."""
        tail = np.ones(n_entities)
        if not settings.total_test:  # (its share of the budget left unspent)
            return tail
        # a total at or under its expectation has a tail far above any alarm's: not computed
        above = test & (members > expected)
        if above.any():
            if case_sizes is None:
                tail[above] = count_tail(members[above], expected[above], phi * expected[above])
            else:
                tail[above] = compound_tail(
                    members[above], expected[above] / mean_size, sizes, case_dispersion, shape[above]
                )
        if own_sizes is None:
            return np.minimum(1.0, tail / total_weight)
        judged = np.isfinite(cases_expected)
        more = above & (cases > cases_expected)  # (False where not judged: NaN)
        by_cases = np.ones(n_entities)
        if more.any():
            by_cases[more] = count_tail(cases[more], cases_expected[more], case_dispersion * cases_expected[more])
        return np.minimum(1.0, np.minimum(tail, by_cases) / np.where(judged, total_weight / 2, total_weight))

    def in_one_city(at: IntArray, members: FloatArray) -> npt.NDArray[np.bool_]:
        """The local cells ``at`` (of windows up to ``windows`` months) that reach the size
        threshold in their city: min_members there, or min_members in all (``members`` per
        entity over the window) with threshold_city_share of them there (a ramp in one city whose
        cases named a seller or two elsewhere too)."""
        if local is None:
            return np.zeros(len(at), dtype=bool)
        total, there = members[local.row[at]], local.members[at]
        return np.asarray(
            (there >= settings.min_members)
            | ((total >= settings.min_members) & (there >= settings.threshold_city_share * total))
        )

    def own_rates(lo: IntArray, hi: IntArray) -> tuple[FloatArray, FloatArray, FloatArray]:
        """Per entity, over its usable months [lo, hi) (seasonally adjusted): how many there are,
        and its members and its cases a month, each at least half of one over those months."""
        used = usable_count[rows, hi] - usable_count[rows, lo]
        with np.errstate(divide="ignore", invalid="ignore"):
            floor = 0.5 / np.maximum(used, 1)
            members = np.maximum((usable_sum[rows, hi] - usable_sum[rows, lo]) / used, floor)
            cases = np.maximum((usable_cases[rows, hi] - usable_cases[rows, lo]) / used, floor)
        return used, members, cases

    # each entity's first month naming members (n_months where none)
    first_named = np.where((x > 0).any(axis=1), np.argmax(x > 0, axis=1), n_months)
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
        months_used, own, own_cases = own_rates(lo, hi)
        young = (
            active & ~left_censored & (usable_count[rows, t] - usable_count[rows, first.clip(0)] < settings.min_history)
        )
        has_base = active & ((months_used > 0) | young)
        mu = np.where(young, pop, np.where(has_base, own, np.nan))
        # its cases a month likewise (not a newcomer's: its cases are few and varied)
        case_rate = np.where(has_base & ~young, own_cases, np.nan)
        # the shape of each entity's rate's gamma distribution: a newcomer, judged by the
        # population's rate, is any of the newcomers (``spread``); one judged by its own baseline
        # has its own rate (infinite)
        shape = np.where(young, spread, np.inf)

        tried = np.zeros(n_entities)
        window_tails: dict[int, FloatArray] = {}
        largest_case = np.ones(n_entities)  # the month's largest case (its own budget)
        cells: list[tuple[int, IntArray, FloatArray]] = []  # (window, candidates, expected members)
        # the threshold rule: an uncensored entity in its first debut_months, or a quiet one (its
        # own rate names under min_members in baseline_months), whose members in one city reach
        # min_members over a window; city_window is the shortest such window (0: none). A sparse
        # one (under min_members in sparse_months) is held to it where the tail is small as well
        debut = newborn & (t - first < settings.debut_months)
        # a newcomer past its debut, judged against the population's rate by the test, is quiet or
        # sparse by its own months so far; a censored entity needs min_history months in its
        # baseline, as an uncensored one needs them since its first month (seen for a few months,
        # or a law firm soon after its counts start, it has too little to be called quiet)
        grown = young & newborn & ~debut
        settled = has_base & ~young & (~left_censored | (months_used >= settings.min_history))
        # a grown newcomer's own months so far are few (under min_history) and may hold its ramp's
        # first months: its pace is theirs with min_history months at the newcomers' rate added
        # (the population's; all of it where an alarm took every month so far)
        so_far = np.where(np.isfinite(own), own, 0.0) * months_used
        own_rate = np.where(young, (so_far + pop * settings.min_history) / (months_used + settings.min_history), mu)
        quiet = (grown | settled) & (own_rate * settings.baseline_months < settings.min_members)
        sparse = (grown | settled) & ~quiet & (own_rate * settings.sparse_months < settings.min_members)
        by_size = debut | quiet

        city_window = np.zeros(n_entities, dtype=np.int64)
        for w in range(1, settings.windows + 1):
            begin = t - w + 1
            valid = has_base & (begin > reset) & (begin >= first) & (begin >= 0)
            if not valid.any():
                continue
            tried += valid
            members = cum_x[:, t + 1] - cum_x[:, max(begin, 0)]
            test = valid & (members >= settings.min_members)
            # an entity judged by its own baseline: the months before the window (less skip_months),
            # so that a ramp's first months do not raise the bar its later months are judged by
            # (mu's, where those hold fewer than min_history usable months: a brand's first quiet
            # months before it got going are no baseline for its first busy ones)
            mu_w, case_rate_w = mu, case_rate
            if w > 1:
                hi_w = np.full(n_entities, max(begin - settings.skip_months, 0))
                lo_w = np.maximum(first, begin - settings.baseline_months - settings.skip_months).clip(0)
                used, members_w, cases_w = own_rates(lo_w, np.maximum(hi_w, lo_w))
                ok = has_base & ~young & (used >= settings.min_history)
                mu_w, case_rate_w = np.where(ok, members_w, mu), np.where(ok, cases_w, case_rate)
            expected_all = np.where(test, mu_w, 0.0) * (cum_factor[t + 1] - cum_factor[begin])
            cases = cum_cases[:, t + 1] - cum_cases[:, max(begin, 0)]
            tail = total_tail(
                test, members, expected_all, cases, case_rate_w * (cum_factor[t + 1] - cum_factor[begin]), shape
            )
            if case_weight and w == 1 and test.any():
                # the month's largest case against P(one of its expected cases is that large)
                big = biggest[test, max(begin, 0) : t + 1].max(axis=1)
                if own_sizes is None:
                    reach = survival[np.minimum(big, len(survival) - 1)]
                else:
                    cases = cum_cases[test, max(begin, 0)]
                    extra = cum_x[test, max(begin, 0)] - cases
                    reach = own_size_tail(
                        big, cases, extra, own_sizes.pooled_mean, own_sizes.ratio, settings.size_prior
                    )
                hits = expected_all[test] / mean_size * reach
                beta = (case_dispersion - 1.0) * reach
                none = np.where(beta > 1e-9, (1 + beta) ** (-hits / np.maximum(beta, 1e-9)), np.exp(-hits))
                # a size the distribution gives no chance at all (every case seen named one) is
                # beyond what it can judge, not a certain alarm: the total's test speaks for it
                case_tail = np.where(reach > 0, np.minimum(1.0, (1.0 - none) / case_weight), 1.0)
                largest_case[test] = np.maximum(case_tail, 1e-300)  # as the windows' tails
            window_tails[w] = tail
            at = by_month.get(t * (longest + 1) + w)
            if local is not None and at is not None:
                at = at[test[local.row[at]]]  # the entity's members over the window reach min_members
                # (a grown newcomer's city holds min_members itself: busy newcomers file where
                # most sellers are, three in four of a few members in the largest city is common)
                one = in_one_city(at, members) & (~grown[local.row[at]] | (local.members[at] >= settings.min_members))
                full = local.row[at[one]]
                city_window[full[(by_size | sparse)[full] & (city_window[full] == 0)]] = w
                expected_at = expected_all[local.row[at]]
                # above its share of the expectation (likewise), where the entity names more than it
                # would in all: an entity naming its usual number elsewhere than usual (a steady
                # brand whose sellers this season are Dongguan's) is no wave, not a surge of none
                keep = (local.members[at] > expected_at * local.share[at]) & (members[local.row[at]] > expected_at)
                if keep.any():
                    cells.append((w, at[keep], expected_at[keep]))
        # for a newcomer the threshold rule alone looks further back, over all its first
        # debut_months (a ramp whose members in one city reach min_members over its first four
        # months, none of its three-month windows holding that many); the tests keep their windows
        # (a quiet entity's windows too: its sellers named months apart are no ramp)
        for w in range(settings.windows + 1, longest + 1):
            begin = t - w + 1
            at = by_month.get(t * (longest + 1) + w)
            if local is None or at is None:
                continue
            valid = debut & has_base & (begin > reset) & (begin >= first) & (begin >= 0)
            # (min_members in the city itself: over more months, sellers elsewhere add up)
            full = local.row[at[valid[local.row[at]] & (local.members[at] >= settings.min_members)]]
            city_window[full[city_window[full] == 0]] = w
        # a newcomer known to be new is judged on all its months too (since its first or its last
        # alarm), where they are more than the windows: a product spreading slowly, a few members a
        # month, reaches min_members only over its whole history (one first seen soon after the
        # data's start may be an older, regular filer: not against brand-new brands' rate)
        begin_all = np.maximum(first, reset + 1)
        long_window = has_base & young & newborn & (t - begin_all + 1 > settings.windows)
        if long_window.any():
            tried += long_window
            since = begin_all.clip(0, n_months)
            members = cum_x[:, t + 1] - cum_x[rows, since]
            test = long_window & (members >= settings.min_members)
            season_sum = cum_factor[t + 1] - cum_factor[since]
            cases = cum_cases[:, t + 1] - cum_cases[rows, since]
            tail = total_tail(test, members, np.where(test, mu, 0.0) * season_sum, cases, case_rate * season_sum, shape)
            window_tails[_SINCE_FIRST] = tail  # the longest window (its length is set below)
        if local is not None and cells:
            # every window's cities at once: one tail per share, not per share and window
            at = np.concatenate([c[1] for c in cells])
            expected = np.concatenate([c[2] for c in cells])
            share = local.share[at]
            if case_sizes is None:
                cell = count_tail(local.members[at], expected * share, phi * expected * share)
            else:
                cell = local_tail(
                    local.members[at],
                    expected,
                    share,
                    sizes,
                    case_dispersion,
                    cache=thinned,
                    spread=shape[local.row[at]],
                )
            cell = np.minimum(1.0, cell / (local_weight * local.weight[at]))
            offset = 0
            for w, part, _ in cells:
                np.minimum.at(window_tails[w], local.row[part], cell[offset : offset + len(part)])
                offset += len(part)
        # the windows' tests share 1 - case_weight of the budget over the windows tried, the
        # largest-case test has the rest; a month decided by one case is a one-month rise
        by_windows = np.ones(n_entities)
        for tail in window_tails.values():
            by_windows = np.minimum(by_windows, tail)
        adjusted_p = np.minimum(1.0, np.minimum(np.maximum(by_windows, 1e-300) * np.maximum(tried, 1), largest_case))
        if 1 in window_tails:
            window_tails[1] = np.minimum(window_tails[1], largest_case)
        best_window, best_tail = rise_window(window_tails, settings.rise_extension, n_entities)
        best_window = np.where(best_window == _SINCE_FIRST, t - begin_all + 1, best_window)
        found = np.zeros(n_entities, dtype=bool)
        # two families, each with its own false discovery rate: the entities judged against their
        # own baseline, and the newcomers judged against the population's
        # a quiet entity's test weighs quiet_weight of the others', a sparse one's sparse_weight
        # (its pace is its months before t)
        weight = (
            np.where(quiet, settings.quiet_weight, np.where(sparse, settings.sparse_weight, 1.0))
            if settings.weighted_fdr
            else None
        )
        for family, rate in ((has_base & ~young, settings.wave_fdr), (has_base & young, settings.newcomer_fdr)):
            if family.any():
                candidates = np.flatnonzero(family)
                weights = None if weight is None else weight[candidates]
                found[candidates] = benjamini_hochberg(adjusted_p[candidates], rate, weights=weights)
        found &= best_window > 0
        # (its first month naming members, in its first population_months: cases naming none of
        # them before are no history of naming them - a brand whose first case named no member
        # and whose second, four months on, names 8 is new to the members, not past its debut;
        # and, in its first min_history months, too young for the return rule below, a month of
        # min_members after dormant_members or fewer since its first: 1, then 8 four months on)
        debut_month = (t == first) | ((t == first_named) & (t - first < settings.population_months))
        young_return = (
            (t > first)
            & (t - first < settings.min_history)
            & (cum_x[:, t] - cum_x[rows, first.clip(0, n_months)] <= settings.dormant_members)
            & (x_t >= settings.min_members)
        )
        new = active & newborn & debut_month & (x_t >= settings.new_entity_members)
        young_return &= active & newborn  # (labelled new where no other rule holds)
        back = max(t - settings.baseline_months, 0)
        dormant = (
            active
            & (t - first >= settings.min_history)  # so never a new entity's first month
            & (cum_x[:, t] - cum_x[:, back] <= settings.dormant_members)
            & (x_t >= settings.min_members)
        )
        threshold = active & (city_window > 0) & (by_size | (sparse & (best_tail < settings.sparse_tail)))
        # the first-year rule: a newcomer past its debut with no alarm yet whose members in a city
        # since its first month reach min_members, improbably many for the city's share (binomial)
        uneven, at = np.ones(n_entities), first_year_at.get(t)
        if first_year is not None and at is not None:
            who, share = first_year.row[at], first_year.share[at]
            tails = binomial_tail(first_year.members[at], cum_x[who, t + 1] - cum_x[who, first[who].clip(0)], share)
            np.minimum.at(uneven, who, np.where(newborn[who] & (reset[who] < first[who]), tails, 1.0))
        spread_rule = (uneven < settings.first_year_tail) & active & ~(threshold | found | new | dormant | young_return)
        city_window = np.where(spread_rule, t - first + 1, city_window)
        threshold |= spread_rule

        l0 = np.maximum(np.nan_to_num(mu * factor[t], nan=settings.cusum_floor), settings.cusum_floor)
        level = np.where(has_base, np.maximum(0.0, level + x_t - cusum_reference(l0)), 0.0)

        fired = found | new | dormant | threshold | young_return
        alarm[:, t] = fired
        # the first that holds decides; the new and return rules fire on a one-month window
        window_used[:, t] = np.select(
            [found, new | dormant, threshold, young_return], [best_window, 1, city_window, 1], 0
        )
        trigger[:, t] = np.select(
            [new, found & (best_window == 1), found, dormant, threshold, young_return], [3, 1, 2, 4, 5, 3], 0
        )
        # a return's or a threshold's p-value is its smallest window tail, as a found alarm's is
        # (the tail did not decide it); the first-year rule's, the binomial tail that decided it
        p_value[:, t] = np.where(new, 0.0, np.where(fired, np.where(spread_rule, uneven, best_tail), adjusted_p))
        baseline[:, t] = mu
        judged_by_population[:, t] = young
        level_path[:, t] = level
        usable[:, t] = active
        for e in np.flatnonzero(fired):
            begin = t - int(window_used[e, t]) + 1
            expected_e = mu[e] if np.isfinite(mu[e]) else 0.0
            # a rise begins above expectation (a first-year rule's spread: at its first members)
            while begin < t and x[e, begin] <= (0.0 if spread_rule[e] else expected_e * factor[begin]):
                begin += 1
            # the rise of an entity with no wave-sized history of its own (a newcomer, a quiet or a
            # sparse entity) goes back over its earlier months above its expectation (the
            # newcomers' rate, or its own): its window is the shortest that tells, and a quiet
            # brand's first months of a ramp are the ramp's (a quiet entity's one-month alarm goes
            # back only over months improbable at its pace, below: a member the month before is
            # its ordinary pace); a busy entity's ordinary months above its mean are not part of
            # its rise
            sized_rise = (by_size[e] or sparse[e]) and window_used[e, t] > 1
            reach = max(begin - settings.backfill_months, int(reset[e]) + 1, int(first[e]), 0)
            for _ in range(settings.backfill_months if young[e] or sized_rise else 0):
                before = begin - 1
                if before <= reset[e] or before < first[e] or x[e, before] <= expected_e * factor[before]:
                    break
                begin = before
            if young[e] and reach < begin:
                # a newcomer's months are all its debut, and one files in fits: its rise goes back
                # over a month it named no one in to an earlier month within reach that is
                # improbable on its own (at rise_extension; a lone member is a newcomer's pace)
                tails = poisson_tail(x[e, reach:begin], expected_e * factor[reach:begin])
                notable = np.flatnonzero((x[e, reach:begin] > 0) & (tails < settings.rise_extension))
                begin = reach + int(notable[0]) if len(notable) else begin
            elif (by_size[e] or sparse[e]) and window_used[e, t] == 1:
                # a quiet or sparse entity's one-month alarm: its rise goes back over the months
                # just before it that are improbable at its own pace (at rise_extension) and name
                # more than one member (a lone member is its ordinary pace); its pace is its
                # baseline's without the months of two or more the rise may reach back over (they
                # are no measure of its ordinary months when they are the rise's: a quiet brand's
                # 1, 2, 4, then 8 in one city rises from the 2)
                span = np.arange(lo[e], hi[e])
                ordinary = usable[e, span] & ~((span >= reach) & (span < begin) & (x[e, span] >= 2))
                months_left = int(ordinary.sum())
                pace = expected_e
                if months_left:
                    pace = max(float(adjusted[e, span[ordinary]].sum()) / months_left, 0.5 / months_left)
                while begin > reach:
                    before = begin - 1
                    tail = poisson_tail(x[e, before], pace * factor[before])
                    if x[e, before] < 2 or tail >= settings.rise_extension:
                        break
                    begin = before
            onset[e, t] = begin
            # the alarm window leaves the baseline of later months
            usable[e, begin : t + 1] = False
            usable_sum[e, 1 : t + 2] = np.cumsum(np.where(usable[e, : t + 1], adjusted[e, : t + 1], 0.0))
            usable_count[e, 1 : t + 2] = np.cumsum(usable[e, : t + 1])
            usable_cases[e, 1 : t + 2] = np.cumsum(np.where(usable[e, : t + 1], adjusted_cases[e, : t + 1], 0.0))
        level = np.where(fired, 0.0, level)
        reset = np.where(fired, t, reset)
        keep = usable[:, t]
        usable_sum[:, t + 1] = usable_sum[:, t] + np.where(keep, adjusted[:, t], 0.0)
        usable_count[:, t + 1] = usable_count[:, t] + keep
        usable_cases[:, t + 1] = usable_cases[:, t] + np.where(keep, adjusted_cases[:, t], 0.0)
    return Alarms(alarm, onset, trigger, p_value, baseline, level_path, window_used, judged_by_population)
