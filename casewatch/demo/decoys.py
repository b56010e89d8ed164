"""Decoys, one function per shape of DECOY_PLAN: activity the wave detector must not flag, recorded
in ``demo_truth`` with kind 'decoy'."""

from __future__ import annotations

from dataclasses import replace

import numpy as np

from casewatch.demo.calibration import NEW_BRAND_THRESHOLD, THRESHOLD_MEMBERS
from casewatch.demo.planting import Item, Planter, Shape


def scattered(p: Planter, item: Item, t0: int) -> None:
    """A new brand suing one member per case, 10-14 cases over a year or more, across many cities."""
    s = item.sector
    rng, city = p.rng, p.pop.members.city
    n = int(rng.integers(10, 15))
    span = max(2, min(int(rng.integers(12, 19)), p.months.count - t0))
    months = np.sort(t0 + rng.choice(span, size=min(n, span), replace=False))
    pool = np.flatnonzero(p.pop.members.top == s)
    by_city = rng.permutation(pool)
    members, seen = [], set()
    for m in by_city:  # one member per city while cities last
        if int(city[m]) not in seen:
            seen.add(int(city[m]))
            members.append(int(m))
    members += [int(m) for m in by_city if int(m) not in members][: max(0, len(months) - len(members))]
    members_arr = np.array(members[: len(months)], dtype=np.int64)
    brand = p.brands.add(s)
    groups = [members_arr[i : i + 1] for i in range(len(members_arr))]
    p.plant(item, brand, groups, [int(m) for m in months[: len(groups)]])


def small_cluster(p: Planter, item: Item, t0: int) -> None:
    """Just below the threshold: a new brand naming NEW_BRAND_THRESHOLD - 1 members of one city
    in its first month, or a quiet established brand naming THRESHOLD_MEMBERS - 2 in a month
    with none of its other cases near it."""
    c, s = item.city, item.sector
    # an established brand: one that named someone in the year before (so t0 is not its first
    # month) and no one in the two months either side (so its own cases do not lift the cluster
    # over the threshold); a new brand when there is none or by a coin's toss (wave_brand)
    brand, new = p.wave_brand(s, t0, t0, least=1, clear=2)
    size = NEW_BRAND_THRESHOLD - 1 if new else THRESHOLD_MEMBERS - 2
    members = p.wave_members(brand, new, t0 + 1, [(c, s, size)], focal_share=1.0)
    p.plant(item, brand, [members], [t0])


def ordinary_month(p: Planter, item: Item, t0: int) -> None:
    """An established brand's busiest month of the two years before t0 that it reached in the
    year before too: ordinary for it. Nothing is added; the month is recorded."""
    bg = p.background
    brand = p.busy_brand(t0, t0)
    if brand < 0:
        return
    slot_month = bg.slot_month
    mine = bg.slot_brand == brand
    counts = np.bincount(slot_month[mine], minlength=p.months.count)
    window = np.arange(max(0, t0 - 24), t0 + 1)
    month = int(window[np.argmax(counts[window])])
    members = np.unique(p.pop.stores.member[bg.slot_store[mine & (slot_month == month)]])
    p.wave_brands.append(brand)
    p.record(item, brand, [members], [month])


def seasonal(p: Planter, item: Item, t0: int) -> None:
    """The Q4 rise (SEASON): the three steady established brands (``Planter.steady_brands``)
    naming most members in the last full October-December. Nothing is added; their Q4 months are
    recorded."""
    bg, n_bg = p.background, p.brands.n_background
    december = [t for t in range(p.months.count) if p.months.date[t].month == 12]
    if not december:
        return
    q4 = np.arange(december[-1] - 2, december[-1] + 1)
    slot_brand, slot_month = bg.slot_brand, bg.slot_month
    in_q4 = np.isin(slot_month, q4)
    counts = np.bincount(slot_brand[in_q4], minlength=n_bg)
    # established brands with a steady year before Q4 (a young brand's rise is its own growth)
    steady = np.zeros(n_bg, dtype=bool)
    steady[p.steady_brands(int(q4[0]), int(q4[-1]))] = True
    counts[~steady] = 0
    for k, brand in enumerate(np.argsort(-counts, kind="stable")[:3]):
        if counts[brand] == 0:
            break
        mine = in_q4 & (slot_brand == brand)
        groups = [np.unique(p.pop.stores.member[bg.slot_store[mine & (slot_month == t)]]) for t in q4]
        p.wave_brands.append(int(brand))
        p.record(replace(item, truth_id=f"{item.truth_id}{'abc'[k]}"), int(brand), groups, [int(t) for t in q4])


DECOYS: dict[str, Shape] = {
    "scattered": scattered,
    "small_cluster": small_cluster,
    "ordinary_month": ordinary_month,
    "seasonal": seasonal,
}
