"""Planted co-defendant cohorts: the same 8-11 members of one cell named together again and again,
each time in one case of a different background brand."""

from __future__ import annotations

import numpy as np

from casewatch.demo.calibration import COHORT_SIZE, N_COHORTS, N_MEMBERS, TOP_SECTORS
from casewatch.demo.cases import planted_block
from casewatch.demo.planting import Planter, TruthRow, member_id


def plant_cohorts(p: Planter) -> None:
    """N_COHORTS cohorts in herd-prone cells, each named in 4-8 cases over 18-30 months (all of
    it, or all but one or two members, each time); a cohort's case is the only one of its brand
    naming members that month, so it stays at 8-11 members."""
    rng, n_t, members_of = p.rng, p.months.count, p.pop.members
    cells = p.cells(minimum=15)
    if not cells or n_t < 6:
        return
    order = rng.permutation(len(cells))
    taken = np.zeros(N_MEMBERS, dtype=bool)
    # members of planted waves are left to them while a cell has enough others: a cohort sharing
    # them would be co-sued with the wave's members too and blur into it
    waved = np.zeros(N_MEMBERS, dtype=bool)
    waved[np.concatenate([np.zeros(0, dtype=np.int64), *p.wave_members_used])] = True
    bg, n_bg, rate = p.background, p.brands.n_background, p.brands.rate
    busy = np.zeros((n_bg, n_t), dtype=bool)  # brand-months naming members
    busy[bg.slot_brand, bg.slot_month] = True
    for k in range(N_COHORTS):
        c, s = cells[int(order[k % len(cells)])]
        size = int(rng.integers(COHORT_SIZE[0], COHORT_SIZE[1] + 1))
        local = np.flatnonzero(members_of.in_cell(c, s) & ~taken)
        near = np.flatnonzero(np.isin(members_of.city, p.pop.codes.neighbours(c)) & (members_of.top == s) & ~taken)
        if (~waved[local]).sum() + (~waved[near]).sum() >= size:
            local, near = local[~waved[local]], near[~waved[near]]
        n_local = min(len(local), max(size - len(near), round(size * rng.uniform(0.7, 1.0))))
        chosen = rng.choice(local, size=n_local, replace=False)
        rest = rng.choice(near, size=min(len(near), size - n_local), replace=False)
        members = np.sort(np.concatenate([chosen, rest]))
        if len(members) < 5:
            continue
        taken[members] = True
        n_cases = int(rng.integers(4, 9))
        span = min(int(rng.integers(18, 31)), n_t - 1)
        first = int(rng.integers(0, max(1, n_t - span)))
        months = np.sort(first + rng.choice(span + 1, size=min(n_cases, span + 1), replace=False))
        brands: list[int] = []
        excluded = np.zeros(n_bg, dtype=bool)  # no wave brand, no brand twice
        excluded[[b for b in p.wave_brands if b < n_bg]] = True
        for t in months:
            # a brand with no other member named that month, so the case stays <= 11 members
            weights_t = np.where(excluded | busy[:, t], 0.0, rate[:, t])
            pref = np.where(p.brands.top[:n_bg] == s, weights_t, 0.0)
            weights = pref if pref.sum() > 0 else weights_t
            if weights.sum() <= 0:
                weights = (~excluded).astype(float)
            weights = weights**2
            brands.append(int(rng.choice(n_bg, p=weights / weights.sum())))
            excluded[brands[-1]] = True
            busy[brands[-1], t] = True
        groups = []
        for _ in months:  # all, or all but one or two (at least 80% of the cohort)
            drop = int(rng.choice([0, 0, 1, 2] if len(members) >= 10 else [0, 0, 1]))
            groups.append(np.sort(rng.choice(members, size=len(members) - drop, replace=False)))
        truth_id = f"C{k + 1}"
        for brand, t, group in zip(brands, months, groups, strict=True):
            p.add_block(planted_block(rng, p.pop, brand, [int(t)], [group], extra_store=0.0), truth_id)
        for m in members:
            p.truth.append(
                TruthRow(
                    kind="cohort",
                    truth_id=truth_id,
                    start_month=p.months.date[int(months[0])],
                    end_month=p.months.date[int(months[-1])],
                    city_code=p.pop.codes.cities[c],
                    sector_code=TOP_SECTORS[s],
                    member_id=member_id(m),
                )
            )
