"""Waves and cohort re-suits of rights holders and law firms, from the database's aggregates."""

from __future__ import annotations

import datetime as dt
import functools
import itertools
from collections.abc import Callable
from dataclasses import dataclass, replace

import numpy as np
import numpy.typing as npt
import pandas as pd

from casewatch.herding.alarm_records import CaseSizes, LocalCounts
from casewatch.herding.bursts import burst_intervals
from casewatch.herding.detectors import detect_alarms
from casewatch.herding.settings import TRIGGERS, Reader, Settings
from casewatch.herding.shapes import wave_shape
from casewatch.herding.stats import (
    FloatArray,
    IntArray,
    case_size_pmf,
    known_new_from,
    most_frequent,
    pooled_dispersion,
    population_rate,
    rate_spread,
    runs,
    seasonal_factors,
    size_moments,
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
    population: bool  # judged against the newcomers' rate, or in its first population_months
    overlap: float = 0.0  # the best Jaccard index of its members with another case's
    resuit: float = 0.0  # ... with another case naming at least resuit_min_members of them
    resuit_t: int = -1  # the month (or the run's last) whose members repeat such a case best


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


def _cases_in_alarms(brand_cases: pd.DataFrame, alarms: list[_Alarm], months: pd.DatetimeIndex) -> set[object]:
    """The cases of rights holders' alarms: each alarm's months from its onset to the month after
    it (where a wave's last members come)."""
    spans: dict[str, list[tuple[int, int]]] = {}
    for alarm in alarms:
        if alarm.entity_kind == "brand":
            spans.setdefault(alarm.entity, []).append((alarm.onset_t, alarm.t + 1))
    if not spans:
        return set()
    mine = brand_cases[brand_cases["entity"].isin(spans)]
    month = months.get_indexer(pd.DatetimeIndex(mine["month"]))
    inside = np.zeros(len(mine), dtype=bool)
    for i, (entity, t) in enumerate(zip(mine["entity"], month, strict=True)):
        inside[i] = any(lo <= t <= hi for lo, hi in spans[str(entity)])
    return set(mine["case_id"][inside])


def _led(
    rows: pd.DataFrame,
    explained: set[object],
    settings: Settings,
    data_start: pd.Timestamp,
    new_firms: dict[str, int] | None = None,
) -> pd.Series:
    """The law firms' rows that can make a firm-led wave: cases for rights holders in their first
    firm_new_brand_months months, outside the holders' own alarms (``explained``). A holder first
    seen in the data's first population_months may be older than the data (it had not filed
    yet, or not naming members): its age is unknown, and it does not count - except for a firm
    new itself (``new_firms``: from the month its clients are known to be new, by name), whose
    clients first seen from that month on are new as well."""
    age = rows["brand_age"]
    month = pd.to_datetime(rows["month"])
    # the holder's first month is the case's month less its age, in months since year 0
    first_seen = month.dt.year * 12 + month.dt.month - 1 - age
    known_from = rows["entity"].map(new_firms or {}).fillna(settings.population_months)
    known = first_seen >= data_start.year * 12 + data_start.month - 1 + known_from
    return (
        (rows["entity_kind"] == "firm")
        & (age < settings.firm_new_brand_months)
        & known
        & ~rows["case_id"].isin(explained)
    )


def _running_sums(
    key: IntArray, month: IntArray, n: FloatArray, n_months: int
) -> Callable[[IntArray, IntArray], FloatArray]:
    """Per key (an entity's cell: a city, a sector), the sum of ``n`` over its rows of months before
    a given month: cumulative sums over the rows sorted by key and month, looked up by bisection."""
    order = np.lexsort((month, key))
    keys = key[order] * (n_months + 1) + month[order]
    running = np.cumsum(n[order])
    key_start = np.r_[0.0, running][np.searchsorted(key[order], key[order], side="left")]

    def before(cells: IntArray, until: IntArray) -> FloatArray:
        at = np.searchsorted(keys, cells * (n_months + 1) + until, side="left") - 1
        ok = (at >= 0) & (keys[np.maximum(at, 0)] // (n_months + 1) == cells)
        return np.where(ok, running[np.maximum(at, 0)] - key_start[np.maximum(at, 0)], 0.0)

    return before


def _sector_prior(
    city_members: pd.DataFrame, row: IntArray, month: IntArray, city: IntArray, n: FloatArray, n_months: int
) -> Callable[[IntArray, IntArray, IntArray], FloatArray]:
    """What share of an entity's members a city holds where the entity has no history of its own:
    the cities' shares among all entities' members of each top sector, mixed by the entity's own
    members' sectors through the window's last month (all members' shares for members of no
    known sector, or where no sector is given at all). Sectors cluster in cities - Shantou's toys,
    Zhongshan's lighting, Shenzhen's electronics - so a toy brand naming mostly Shantou sellers
    names what toy brands name, not a herd (the all-members shares would call it one)."""
    labels = (
        city_members["sector_top"].astype("string").fillna("").to_numpy(dtype=str)
        if "sector_top" in city_members.columns
        else np.full(len(city_members), "")
    )
    sectors, sector = np.unique(labels, return_inverse=True)
    sector = sector.astype(np.int64)
    by_sector = np.zeros((len(sectors), int(city.max(initial=0)) + 1))
    np.add.at(by_sector, (sector, city), n)
    population = np.bincount(city, weights=n, minlength=by_sector.shape[1])
    population = population / population.sum()
    totals = by_sector.sum(axis=1, keepdims=True)
    shares = np.where(totals > 0, by_sector / np.where(totals > 0, totals, 1.0), population[None, :])
    shares[sectors == ""] = population
    members_before = _running_sums(row * len(sectors) + sector, month, n, n_months)

    def prior(entity: IntArray, last: IntArray, where: IntArray) -> FloatArray:
        # the sector mix once per (entity, last month), however many cities and windows ask
        pairs, inverse = np.unique(entity * (n_months + 1) + last, return_inverse=True)
        mix = np.column_stack(
            [
                members_before(pairs // (n_months + 1) * len(sectors) + s, pairs % (n_months + 1) + 1)
                for s in range(len(sectors))
            ]
        )
        mixed, total = np.zeros(len(entity)), np.zeros(len(entity))
        for s, count in enumerate(mix[inverse].T):
            mixed += count * shares[s, where]
            total += count
        return np.where(total > 0, mixed / np.maximum(total, 1e-12), population[where])

    return prior


_NO_COUNTS = LocalCounts(*(np.zeros(0, dtype=np.int64),) * 3, *(np.zeros(0),) * 3)


@dataclass
class _Cities:
    """One kind's city members (``frame``: entity, month, city_code, new_members and sector_top
    rows) as arrays, built once for the local test's and the first-year rule's candidates: each
    row's entity (its position among ``n_entities``), month (of ``n_months``), city (an index of
    ``n_cities``) and members; ``prior``, the cities' shares of an entity's sectors (_sector_prior),
    built when first asked for."""

    frame: pd.DataFrame
    row: IntArray
    month: IntArray
    city: IntArray
    n: FloatArray
    n_cities: int
    n_entities: int
    n_months: int

    @classmethod
    def of(cls, city_members: pd.DataFrame, entities: list[str], months: pd.DatetimeIndex) -> _Cities | None:
        """The arrays of ``city_members`` (None where there is none, or no entity)."""
        if city_members.empty or not entities:
            return None
        position = {entity: i for i, entity in enumerate(entities)}
        row = city_members["entity"].astype(str).map(position).to_numpy(dtype=np.int64).astype(np.int64)
        month = months.get_indexer(pd.DatetimeIndex(city_members["month"])).astype(np.int64)
        cities, city = np.unique(city_members["city_code"].astype(str).to_numpy(), return_inverse=True)
        n = city_members["new_members"].to_numpy(dtype=np.float64).astype(np.float64)
        return cls(city_members, row, month, city.astype(np.int64), n, len(cities), len(entities), len(months))

    @functools.cached_property
    def prior(self) -> Callable[[IntArray, IntArray, IntArray], FloatArray]:
        return _sector_prior(self.frame, self.row, self.month, self.city, self.n, self.n_months)


def local_counts(
    city_members: pd.DataFrame, entities: list[str], months: pd.DatetimeIndex, settings: Settings
) -> LocalCounts:
    """The local test's candidates of one kind of entity: for each window of 1..windows months
    (and up to debut_months, which only the threshold rule reads),
    each (entity, city, last month) whose members in the city over the window number at least
    local_min_members; the city's expected share of the entity's members (its own members before the
    window, with city_prior members at the city's share of the entity's sectors, _sector_prior) and
    its weight (that share). ``city_members``: entity, month, city_code, new_members (and
    sector_top) rows of this kind."""
    return _local_counts(_Cities.of(city_members, entities, months), settings)


def _local_counts(cities: _Cities | None, settings: Settings) -> LocalCounts:
    """local_counts of the arrays built."""
    if cities is None:
        return _NO_COUNTS
    row, month, n, n_cities, n_months = cities.row, cities.month, cities.n, cities.n_cities, cities.n_months
    # the entity's own members per city before a month, and in all cities
    cell = row * n_cities + cities.city
    own_before = _running_sums(cell, month, n, n_months)
    own_total = np.zeros((cities.n_entities, n_months + 1))
    np.add.at(own_total, (row, month + 1), n)
    own_total = np.cumsum(own_total, axis=1)

    parts = []
    # the threshold rule looks over up to debut_months (detect_alarms)
    for w in range(1, max(settings.windows, settings.debut_months) + 1):
        frame = pd.DataFrame(
            {
                "cell": np.repeat(cell, w),
                "month": (month[:, None] + np.arange(w)[None, :]).ravel(),
                "n": np.repeat(n, w),
            }
        )
        sums = frame[frame["month"] < n_months].groupby(["cell", "month"], as_index=False)["n"].sum()
        sums = sums[sums["n"] >= settings.local_min_members]
        if sums.empty:
            continue
        cells = sums["cell"].to_numpy(dtype=np.int64)
        last = sums["month"].to_numpy(dtype=np.int64)
        begin = np.maximum(last - w + 1, 0)
        entity = cells // n_cities
        parts.append((entity, last, np.full(len(cells), w), sums["n"].to_numpy(dtype=np.float64), cells % n_cities,
                      own_before(cells, begin), own_total[entity, begin]))  # fmt: skip
    if not parts:
        return _NO_COUNTS
    entity, last, window, members, where, own, own_all = (np.concatenate(column) for column in zip(*parts, strict=True))
    expected = cities.prior(entity, last, where.astype(np.int64))
    share = (own + settings.city_prior * expected) / (own_all + settings.city_prior)
    return LocalCounts(
        entity.astype(np.int64), last.astype(np.int64), window.astype(np.int64), members, share, expected
    )


def first_year_counts(
    cities: _Cities | None, start: IntArray, known: npt.NDArray[np.bool_], settings: Settings
) -> LocalCounts:
    """The first-year rule's candidates (detect_alarms ``first_year``): for each entity ``known``
    to be new, city and month from debut_months to population_months - 1 months after the entity's
    first (``start``), the city's members since that first month where they number at least
    min_members and no month holds half of them (a month's cluster is the month rules' to judge)
    (``window``: the months since the first, that one included), and the city's share of the
    entity's sectors' members (_sector_prior; ``share`` and ``weight`` alike: there is no history
    before the first)."""
    if cities is None:
        return _NO_COUNTS
    row, n_cities, n_months, span = cities.row, cities.n_cities, cities.n_months, settings.population_months
    since = cities.month - start[row]
    inside = known[row] & (since >= 0) & (since < span)
    # each (entity, city)'s members per month since the entity's first, running sums and maxima
    cells, cell_of = np.unique(row[inside] * n_cities + cities.city[inside], return_inverse=True)
    monthly = np.zeros((len(cells), span))
    np.add.at(monthly, (cell_of, since[inside]), cities.n[inside])
    entity = cells // n_cities
    total, largest = np.cumsum(monthly, axis=1), np.maximum.accumulate(monthly, axis=1)
    offsets = np.arange(settings.debut_months, span)
    keep = (
        (total[:, offsets] >= settings.min_members)
        & (2 * largest[:, offsets] < total[:, offsets])
        & (start[entity][:, None] + offsets[None, :] < n_months)
    )
    at, offset = np.nonzero(keep)
    if not len(at):
        return _NO_COUNTS
    last = (start[entity[at]] + offsets[offset]).astype(np.int64)
    share = cities.prior(entity[at].astype(np.int64), last, (cells[at] % n_cities).astype(np.int64))
    window = (offsets[offset] + 1).astype(np.int64)
    return LocalCounts(entity[at].astype(np.int64), last, window, total[at, offsets[offset]], share, share)


def detect_waves(db: Reader, settings: Settings, first: dt.date, last: dt.date) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Waves and cohort re-suits of rights holders and law firms, and the members each hit.

    Alarm months (``detect_alarms``) whose newly sued members repeat one other case's member
    defendants (Jaccard >= cohort_overlap, at least resuit_min_members of them in common; a case
    within baseline_months of the alarm, before or after) are
    cohort re-suits, one row each; the other alarm
    months form waves, one per run of consecutive months, ending no earlier than the Kleinberg
    burst of the entity's share of all members newly sued that they lie in.
    """
    months = _month_index(first, last)
    case_members = db.query("herding/entity_case_members")
    new_members = pd.DataFrame(
        case_members.groupby(["entity_kind", "entity", "month"], as_index=False)["new_members"].sum()
    )
    histories = db.query("herding/entity_first_months")
    city_members = db.query("herding/entity_city_members")
    alarms: list[_Alarm] = []
    series: dict[str, tuple[list[str], FloatArray, IntArray]] = {
        kind: _entity_series(kind, histories, new_members, months) for kind in ("brand", "firm")
    }
    # the season and the newcomers' rate come from the rights holders (many more than law firms)
    brand_counts, brand_start = series["brand"][1], series["brand"][2]
    season = seasonal_factors(brand_counts.sum(axis=0), months[0].month)
    newcomers = population_rate(brand_counts, brand_start, brand_start == 0, settings.population_months, season)
    known_from = min(settings.population_months, len(months) - 1)  # see _led
    # a rights holder first seen soon after the data's start may have filed before it (a case
    # every few months): known to be new only from a typical gap between the months in which those
    # seen from the start name members (known_new_from); a law firm first seen after a long such
    # gap is new, and so are its clients first seen from then on (_led): its wave in
    # the data's first year counts (a long gap: a firm's wave adds up several clients' ages)
    brands_new_from = known_new_from(brand_counts, brand_start, settings.known_new_quantile, settings.population_months)
    firms_new_from = known_new_from(
        brand_counts, brand_start, settings.firm_known_new_quantile, known_from, fallback=known_from
    )
    firm_names, _, firm_first = series["firm"]
    new_firms = {
        name: firms_new_from
        for name, first_month in zip(firm_names, firm_first, strict=True)
        if first_month >= firms_new_from
    }
    for kind in ("brand", "firm"):
        if kind == "firm":
            # a law firm leads a wave through rights holders new when it files for them (young
            # clients: their first firm_new_brand_months months), outside those clients' own
            # waves; an established client's rise is that client's, listed under it
            explained = _cases_in_alarms(case_members[case_members["entity_kind"] == "brand"], alarms, months)
            case_members = case_members[
                (case_members["entity_kind"] == "brand") | _led(case_members, explained, settings, months[0], new_firms)
            ]
            city_members = city_members[
                (city_members["entity_kind"] == "brand") | _led(city_members, explained, settings, months[0], new_firms)
            ]
            firm_members = case_members[case_members["entity_kind"] == "firm"]
            monthly = firm_members.groupby(["entity_kind", "entity", "month"], as_index=False)["new_members"].sum()
            entities, counts, start = _entity_series("firm", histories, pd.DataFrame(monthly), months)
            # before a year of data every client looks new (and none is counted): an older firm's
            # history starts where its clients' ages are known, censored as at the data's start
            is_new = np.array([name in new_firms for name in entities], dtype=bool)
            series["firm"] = (entities, counts, np.where(is_new, start, np.maximum(start, known_from)))
        entities, counts, start = series[kind]
        if kind == "brand":
            censored, known_new = start == 0, start >= brands_new_from
        else:
            censored, known_new = ~is_new & (start == known_from), is_new | (start >= known_from)
        if not entities:
            continue
        own_cases = case_members[case_members["entity_kind"] == kind]
        sizes = case_size_pmf(own_cases["new_members"])
        per_month = own_cases.groupby(["entity_kind", "entity", "month"]).size().rename("new_members").reset_index()
        _, case_counts, _ = _entity_series(kind, histories, per_month, months)
        biggest = own_cases.groupby(["entity_kind", "entity", "month"])["new_members"].max().reset_index()
        _, largest, _ = _entity_series(kind, histories, biggest, months)
        # the members' variance-to-mean ratio: the counts' own, and what counting adds to the spread
        dispersion = pooled_dispersion(counts, start)
        # the cities' arrays and sector shares, once for the local test and the first-year rule
        in_cities = _Cities.of(city_members[city_members["entity_kind"] == kind], entities, months)
        found = detect_alarms(
            counts,
            start,
            censored,
            settings
            if kind == "brand"
            else replace(
                settings,
                wave_fdr=settings.firm_fdr,
                total_test=settings.firm_total_test,
                weighted_fdr=settings.firm_weighted_fdr,
            ),
            season=season,
            # a new law firm against new law firms (they file for several rights holders), or
            # new rights holders while too few firms are new
            population=newcomers
            if kind == "brand"
            else population_rate(counts, start, censored, settings.population_months, season, newcomers),
            case_sizes=sizes,
            case_dispersion=pooled_dispersion(case_counts, start),
            local=_local_counts(in_cities, settings),
            first_year=None if kind == "firm" else first_year_counts(in_cities, start, known_new & ~censored, settings),
            largest=largest,
            own_sizes=CaseSizes(case_counts, *size_moments(own_cases["new_members"])),
            known_new=known_new,
            dispersion=dispersion,
            # the spread of the newcomers' rates (none where too few are known: all alike)
            spread=rate_spread(counts, start, censored, settings.population_months, dispersion),
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
                    # (a newcomer in its first population_months is no established entity for its
                    # wave's shape, whatever its pace so far: a slow spread is no surge)
                    population=bool(found.population[row, t])
                    or bool(known_new[row] and not censored[row] and t - start[row] < settings.population_months),
                )
            )
    if not alarms:
        return pd.DataFrame(columns=list(WAVE_COLUMNS)), pd.DataFrame(columns=list(WAVE_MEMBER_COLUMNS))
    # a build-up is checked over its whole run, over its alarm month alone and over any month that
    # holds half its members or more: a run whose bulk is a cohort re-suit (that month's newly sued
    # members repeating another case's) is that re-suit, whether it ends the run or starts it
    checks = [(a, a.onset_t, a.t) for a in alarms]
    for a in alarms:
        if a.onset_t != a.t:
            run = series[a.entity_kind][1][a.row, a.onset_t : a.t + 1]
            alone = run >= run.sum() / 2
            alone[-1] = True
            checks += [(a, a.onset_t + int(i), a.onset_t + int(i)) for i in np.flatnonzero(alone)]
    overlap = db.query(
        "herding/alarm_overlap",
        kinds=[a.entity_kind for a, _, _ in checks],
        entities=[a.entity for a, _, _ in checks],
        onsets=[months[lo].date() for _, lo, _ in checks],
        months=[months[hi].date() for _, _, hi in checks],
        min_shared=settings.resuit_min_members,
        horizon=settings.baseline_months,
    )
    best = {
        (str(kind), str(entity), pd.Timestamp(onset), pd.Timestamp(month)): (float(value), float(resuit))
        for kind, entity, onset, month, value, resuit in overlap[
            ["entity_kind", "entity", "onset", "month", "best_overlap", "resuit_overlap"]
        ].itertuples(index=False, name=None)
    }
    for alarm, lo, hi in checks:
        value, resuit = best.get((alarm.entity_kind, alarm.entity, months[lo], months[hi]), (0.0, 0.0))
        alarm.overlap = max(alarm.overlap, value)
        if resuit > alarm.resuit:
            alarm.resuit, alarm.resuit_t = resuit, hi
    by_entity: dict[tuple[str, str], list[_Alarm]] = {}
    for alarm in alarms:
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
        in_wave = [a for a in found_alarms if a.resuit < settings.cohort_overlap]
        flags = np.zeros(len(months), dtype=bool)
        for a in in_wave:  # a wave spans its alarms' windows: a ramp's months run into its alarm
            flags[a.onset_t : a.t + 1] = True
        spans = runs(flags)
        for (_, end), (begin, _) in itertools.pairwise(spans):  # alarms a quiet month or two apart
            if begin - end - 1 <= settings.wave_gap_months:  # are one wave
                flags[end + 1 : begin] = True
        for lo, hi in runs(flags):
            part = [a for a in in_wave if lo <= a.t <= hi]
            waves.append(_wave_row(kind, entity, part, "wave", bursts, counts[row], months))
        for alarm in found_alarms:
            if alarm.resuit >= settings.cohort_overlap:
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
    # a law firm's wave that one rights holder dominates is that holder's wave seen from its firm:
    # it is listed under the holder (or, when the holder's own baseline explains it, not at all)
    echo = (frame["entity_kind"] == "firm") & (frame["pattern"] == "wave") & (frame["shape"] != "firm_led")
    frame = frame[~echo].copy()
    renamed = {
        old: f"{kind[0].upper()}{number:04d}"
        for old, kind, number in zip(
            frame["wave_id"], frame["entity_kind"], frame.groupby("entity_kind").cumcount() + 1, strict=True
        )
    }
    frame["wave_id"] = frame["wave_id"].map(renamed)
    members = members[members["wave_id"].isin(renamed)].copy()
    members["wave_id"] = members["wave_id"].map(renamed)
    return frame[list(WAVE_COLUMNS)].reset_index(drop=True), members[list(WAVE_MEMBER_COLUMNS)].reset_index(drop=True)


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
    if pattern == "cohort":  # the month it happened: the one whose members repeat the other case
        lo = hi = part[0].resuit_t if part[0].resuit_t >= 0 else part[0].t
    else:  # a wave starts where its rise began
        lo, hi = min(a.onset_t for a in part), max(a.t for a in part)
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
