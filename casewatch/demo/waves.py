"""Planted waves, one function per shape of WAVE_PLAN: each picks a brand (or a law firm), members
and months, plants the cases and records the truth. ``plant_waves`` spreads them over the data and
adds the decoys of DECOY_PLAN."""

from __future__ import annotations

import math
from dataclasses import replace

import numpy as np

from casewatch.demo.calibration import (
    DECOY_PLAN,
    MULTI_CITY_SIZE,
    NEW_BRAND_THRESHOLD,
    RAMP_MONTH_MAX,
    RAMP_SIZE,
    SURGE_SIZE,
    THRESHOLD_MEMBERS,
    WAVE_FIRST_MONTH_MIN,
    WAVE_PLAN,
    WAVE_SIZE,
)
from casewatch.demo.decoys import DECOYS
from casewatch.demo.names import LAW_FIRMS, NEW_FIRMS
from casewatch.demo.planting import Item, Planter, Shape


def plant_waves(p: Planter) -> None:
    """The waves of WAVE_PLAN, start months spread over the data (the last in its final months, so
    one wave is active), then the decoys of DECOY_PLAN, then the new wave brands' later filings."""
    rng, n_t = p.rng, p.months.count
    cells = p.cells(minimum=20)
    if not cells:
        return
    lo = 12 if n_t - 6 > 24 else max(1, (n_t - 6) // 3)
    hi = max(lo, n_t - 6)
    n_spread = len(WAVE_PLAN) - 1
    spread = np.linspace(lo, hi, n_spread) + rng.integers(-2, 3, n_spread)
    starts = [*np.clip(np.rint(spread), 1, n_t - 1).astype(int), n_t - 1 - int(rng.integers(0, 3))]
    cell_order = rng.permutation(len(cells))
    for w, (shape, t0) in enumerate(zip(WAVE_PLAN, starts, strict=True)):
        c, s = cells[int(cell_order[w % len(cells)])]
        WAVES[shape](p, Item(f"W{w + 1:02d}", "wave", shape, c, s), int(max(0, min(t0, n_t - 1))))
    decoy_starts = np.clip(rng.integers(lo, hi + 1, len(DECOY_PLAN)), 1, n_t - 1)
    for d, (shape, t0) in enumerate(zip(DECOY_PLAN, decoy_starts, strict=True)):
        c, s = cells[int(rng.integers(0, len(cells)))]
        DECOYS[shape](p, Item(f"D{d + 1:02d}", "decoy", shape, c, s), int(t0))
    p.continue_new_brands()


def _one_or_two_months(members: np.ndarray, t0: int, t1: int, first_share: float) -> tuple[list[np.ndarray], list[int]]:
    """All members in t0, or (when t1 > t0) the first ``first_share`` of them (at least
    WAVE_FIRST_MONTH_MIN) in t0 and the rest in t1."""
    if t1 > t0:
        cut = max(WAVE_FIRST_MONTH_MIN, math.ceil(len(members) * first_share))
        return [members[:cut], members[cut:]], [t0, t1]
    return [members], [t0]


def sudden(p: Planter, item: Item, t0: int) -> None:
    """15-40 members in one month (45%: most in it, the rest the next), mostly one city."""
    c, s = item.city, item.sector
    rng = p.rng
    t1 = t0 + 1 if (t0 + 1 < p.months.count and rng.random() < 0.45) else t0
    size = int(rng.integers(WAVE_SIZE[0], WAVE_SIZE[1] + 1))
    brand, new = p.wave_brand(s, t0, t1)
    members = p.wave_members(brand, new, t1 + 1, [(c, s, size)], focal_share=rng.uniform(0.8, 0.92))
    if t1 > t0:
        cut = min(len(members) - 2, max(WAVE_FIRST_MONTH_MIN, math.ceil(len(members) * rng.uniform(0.75, 0.85))))
        groups, months = [members[:cut], members[cut:]], [t0, t1]
    else:
        groups, months = [members], [t0]
    p.plant(item, brand, groups, months)
    if new and t1 + 1 < p.months.count:
        p.continuation.append((brand, t1 + 1))


def ramp(p: Planter, item: Item, t0: int) -> None:
    """A product spreading through a city's sellers: 2-4 months of growing counts, none of them
    reaching RAMP_MONTH_MAX, 10-20 members in all, the first month under the new-brand rule."""
    c, s = item.city, item.sector
    rng, n_t = p.rng, p.months.count
    length = min(int(rng.integers(2, 5)), n_t - t0)
    if length < 2:
        t0, length = n_t - 2, 2
    steps = np.arange(1, length + 1, dtype=float) ** 1.3
    total = int(rng.integers(RAMP_SIZE[0], RAMP_SIZE[1] + 1))
    counts = np.maximum(1, np.minimum(RAMP_MONTH_MAX, np.rint(total * steps / steps.sum()))).astype(int)
    counts[0] = min(counts[0], 3)
    brand, new = p.wave_brand(s, t0, t0 + length - 1)
    members = p.wave_members(brand, new, t0 + length, [(c, s, int(counts.sum()))], focal_share=0.9)
    groups = np.split(members, np.cumsum(counts)[:-1])
    p.plant(item, brand, groups, list(range(t0, t0 + length)))
    if new and t0 + length < n_t:
        p.continuation.append((brand, t0 + length))


def multi_city(p: Planter, item: Item, t0: int) -> None:
    """12-24 members split about evenly between a city and its neighbour, in one or two months."""
    c, s = item.city, item.sector
    rng, members_of = p.rng, p.pop.members
    near = p.pop.codes.neighbours(c)
    if not near:
        near = [i for i in range(len(p.pop.codes.cities)) if i != c]
    other = max(near, key=lambda n: int(np.sum(members_of.in_cell(n, s))))
    size = int(rng.integers(MULTI_CITY_SIZE[0], MULTI_CITY_SIZE[1] + 1))
    t1 = t0 + 1 if (t0 + 1 < p.months.count and rng.random() < 0.4) else t0
    brand, new = p.wave_brand(s, t0, t1)
    half = size // 2
    members = p.wave_members(brand, new, t1 + 1, [(c, s, size - half), (other, s, half)], focal_share=1.0)
    members = rng.permutation(members)
    groups, months = _one_or_two_months(members, t0, t1, first_share=0.7)
    p.plant(item, brand, groups, months)
    if new and t1 + 1 < p.months.count:
        p.continuation.append((brand, t1 + 1))


def firm_led(p: Planter, item: Item, t0: int) -> None:
    """A law firm new to these suits files for 3-4 new brands over 1-3 months, each naming 3-4
    members (under the new-brand rule), 10-16 members of one city and sector in all."""
    c, s = item.city, item.sector
    rng, firm_names = p.rng, p.brands.firm_names
    firm = len(firm_names)
    firm_names.append(NEW_FIRMS[(firm - len(LAW_FIRMS)) % len(NEW_FIRMS)])
    n_brands = int(rng.integers(3, 5))
    span = min(int(rng.integers(1, 4)), p.months.count - t0)
    sizes = rng.integers(3, 5, n_brands)
    members = p.wave_members(-1, True, t0 + span, [(c, s, int(sizes.sum()))], focal_share=0.9)
    groups = np.split(members, np.cumsum(sizes)[:-1])
    months = sorted(t0 + int(m) for m in rng.integers(0, span, n_brands))
    months[0] = t0
    for group, month in zip(groups, months, strict=True):
        brand = p.brands.add(s)
        p.brands.firm[brand] = firm
        p.plant(item, brand, [group], [month], firm=firm)


def surge(p: Planter, item: Item, t0: int) -> None:
    """An established brand with a steady history (>= 12 members named in the year before)
    names 15-30 more members in one or two months; a new brand when there is none."""
    c, s = item.city, item.sector
    rng, members_of = p.rng, p.pop.members
    t1 = t0 + 1 if (t0 + 1 < p.months.count and rng.random() < 0.4) else t0
    size = int(rng.integers(SURGE_SIZE[0], SURGE_SIZE[1] + 1))
    brand = p.busy_brand(t0, t1, room=size)  # one with that many members of its sector still unnamed
    new = brand < 0
    if new:
        brand = p.brands.add(s)
    else:
        s = int(p.brands.top[brand])
        c = int(np.argmax([np.sum(members_of.in_cell(i, s)) for i in range(len(p.pop.codes.cities))]))
        item = replace(item, city=c, sector=s)  # the brand's own sector, in its biggest city
    p.wave_brands.append(brand)
    members = p.wave_members(brand, new, t1 + 1, [(c, s, size)], focal_share=0.85)
    groups, months = _one_or_two_months(members, t0, t1, first_share=0.7)
    p.plant(item, brand, groups, months)


def threshold(p: Planter, item: Item, t0: int) -> None:
    """Exactly at the size threshold: an established brand that named at most 2 members in the
    two years before and none in the two months either side naming THRESHOLD_MEMBERS in one
    month, or a new brand naming NEW_BRAND_THRESHOLD in its first month (half each, or new when
    no brand is that quiet)."""
    c, s = item.city, item.sector
    brand, new = p.wave_brand(s, t0, t0, most=2, years=2, clear=2)
    size = NEW_BRAND_THRESHOLD if new else THRESHOLD_MEMBERS
    members = p.wave_members(brand, new, t0 + 1, [(c, s, size)], focal_share=0.9)
    p.plant(item, brand, [members], [t0])


WAVES: dict[str, Shape] = {
    "sudden": sudden,
    "ramp": ramp,
    "multi_city": multi_city,
    "firm_led": firm_led,
    "surge": surge,
    "threshold": threshold,
}
