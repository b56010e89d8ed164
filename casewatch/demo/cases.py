"""Cases and their defendants: background cases drawn from the brands' rates, planted case blocks,
then one table of cases ordered by filing day and every defendant row (case, store)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field, replace

import numpy as np

from casewatch.demo.brands import Brands
from casewatch.demo.calibration import (
    BRAND_MONTH_MEMBER_CAP,
    COURTS,
    FIRST_MONTH_MEMBER_CAP,
    IP_TYPES,
    IP_WEIGHT,
    KIND_COURTS,
    KIND_WEIGHT,
    KINDS,
    MAX_MEMBERS_PER_CASE,
    N_MEMBERS,
    SECOND_STORE,
)
from casewatch.demo.population import Population
from casewatch.demo.sampling import Months, group_starts, lognormal_int, norm, pick_in_ranges, running_count


def _no_rows() -> np.ndarray:
    return np.zeros(0, dtype=np.int64)


@dataclass(frozen=True)
class CaseBlock:
    """Cases drawn together (background, a planted item, a new brand's later filings), in draw order.

    Member defendants come two ways: ``slot_*`` (member stores drawn for a background case's
    ``k_bg`` member slots) and ``forced_*`` (the members a planted case must name); the rest of a
    case's ``n_def`` defendants are non-member stores, drawn when the cases are assembled.
    """

    brand: np.ndarray
    month: np.ndarray
    kind: np.ndarray
    n_def: np.ndarray
    k_bg: np.ndarray
    planted: bool = False
    forced_case: np.ndarray = field(default_factory=_no_rows)  # case within the block
    forced_store: np.ndarray = field(default_factory=_no_rows)
    slot_case: np.ndarray = field(default_factory=_no_rows)
    slot_store: np.ndarray = field(default_factory=_no_rows)

    @property
    def slot_brand(self) -> np.ndarray:
        """The brand of each member slot."""
        named: np.ndarray = self.brand[self.slot_case]
        return named

    @property
    def slot_month(self) -> np.ndarray:
        """The month of each member slot."""
        named: np.ndarray = self.month[self.slot_case]
        return named


@dataclass(frozen=True)
class Cases:
    """Every case, ordered by filing day (a case's position is its ``case_idx``)."""

    brand: np.ndarray
    month: np.ndarray
    kind: np.ndarray  # index into KINDS
    court: np.ndarray  # index into COURTS
    ip: np.ndarray  # index into IP_TYPES
    filed: np.ndarray  # days since 1970-01-01
    n_nonmember: np.ndarray  # non-member defendants to draw
    slot_case: np.ndarray
    slot_store: np.ndarray
    forced_case: np.ndarray
    forced_store: np.ndarray


@dataclass(frozen=True)
class Defendants:
    """Every defendant row, grouped by case; and where each case's rows start."""

    case: np.ndarray
    defendant_no: np.ndarray  # 1.. within the case
    store: np.ndarray
    member: np.ndarray  # the store is a member's
    row_start: np.ndarray  # per case: position of its first row
    first_store: np.ndarray  # per case: the store of its first row


def background_block(
    rng: np.random.Generator, pop: Population, brands: Brands, rate: np.ndarray, brand_ids: np.ndarray
) -> CaseBlock:
    """Cases of the given brands at the given monthly rates, with their member slots drawn."""
    return _with_member_slots(rng, pop, brands, _cases_from_rates(rng, brands, rate, brand_ids))


def planted_block(
    rng: np.random.Generator,
    pop: Population,
    brand: int,
    months: list[int],
    members_per_case: list[np.ndarray],
    extra_store: float,
) -> CaseBlock:
    """Schedule A cases of ``brand``, one per month, naming the given members (a random store each,
    a second one with chance ``extra_store``) and a lognormal number of non-members."""
    n = len(months)
    f_case, f_store = [], []
    for i, members in enumerate(members_per_case):
        stores, _ = pop.member_stores(rng, members, extra_store)
        f_case.append(np.full(len(stores), i))
        f_store.append(stores)
    nonmembers = lognormal_int(rng, 35.0, 0.7, n, 5, 500)
    forced = np.array([len(s) for s in f_store])
    return CaseBlock(
        brand=np.full(n, brand),
        month=np.array(months),
        kind=np.zeros(n, dtype=np.int64),
        n_def=nonmembers + forced,
        k_bg=np.zeros(n, dtype=np.int64),
        planted=True,
        forced_case=np.concatenate(f_case),
        forced_store=np.concatenate(f_store),
    )


def _cases_from_rates(rng: np.random.Generator, brands: Brands, rate: np.ndarray, brand_ids: np.ndarray) -> CaseBlock:
    """Steady case counts per brand-month (systematic sampling of ``rate``) and their kinds, sizes
    and member slot counts."""
    n_months = rate.shape[1]
    u: np.ndarray = rng.random(int(rate.shape[0]))
    cum = np.floor(np.cumsum(rate, axis=1) + u[:, None])
    counts = np.diff(cum, axis=1, prepend=0).astype(np.int64)
    b_local, t = np.nonzero(counts)
    reps = counts[b_local, t]
    brand = np.repeat(brand_ids[b_local], reps)
    month = np.repeat(t, reps)
    first_t = np.where(counts.any(axis=1), np.argmax(counts > 0, axis=1), -1)
    first_month = month == first_t[np.repeat(b_local, reps)]
    n = len(brand)
    kind = rng.choice(len(KINDS), size=n, p=KIND_WEIGHT)
    n_def = np.empty(n, dtype=np.int64)
    sizes: dict[int, Callable[[int], np.ndarray]] = {
        0: lambda k: lognormal_int(rng, 25.0, 0.95, k, 3, 1500),
        1: lambda k: rng.choice([1, 2, 3, 4, 5], size=k, p=[0.45, 0.2, 0.15, 0.1, 0.1]),
        2: lambda k: rng.choice([1, 2], size=k, p=[0.7, 0.3]),
        3: lambda k: rng.choice([1, 2, 3], size=k, p=[0.6, 0.3, 0.1]),
        4: lambda k: rng.integers(1, 9, k),
    }
    for k in range(len(KINDS)):
        at = kind == k
        n_def[at] = sizes[k](int(at.sum()))
    q = brands.members_per_case[brand] / MAX_MEMBERS_PER_CASE
    k_bg = np.where(
        kind == 0,
        rng.binomial(MAX_MEMBERS_PER_CASE, np.clip(q, 0, 1)),
        rng.binomial(n_def, np.where(kind == 1, 0.15, 0.10)),
    )
    k_bg = np.minimum(k_bg, n_def)
    k_bg = np.where(first_month, np.minimum(k_bg, 1), k_bg)
    # cases come ordered by (brand, month): clip the running member count of each brand-month,
    # to BRAND_MONTH_MEMBER_CAP, and to 2 in the first month a brand names any member (a brand
    # "without history" naming 5+ members is what a wave detector looks for)
    key = brand * n_months + month
    before = running_count(key, k_bg) - k_bg
    k_bg = np.clip(BRAND_MONTH_MEMBER_CAP - before, 0, k_bg)
    first_hit = np.full(int(brand_ids.max(initial=0)) + 1, n_months)
    np.minimum.at(first_hit, brand, np.where(k_bg > 0, month, n_months))
    cap = np.where(month == first_hit[brand], FIRST_MONTH_MEMBER_CAP, BRAND_MONTH_MEMBER_CAP)
    k_bg = np.clip(cap - before, 0, k_bg)
    return CaseBlock(brand=brand, month=month, kind=kind, n_def=n_def, k_bg=k_bg)


def _with_member_slots(rng: np.random.Generator, pop: Population, brands: Brands, block: CaseBlock) -> CaseBlock:
    """The block with a member store drawn for each member slot (mostly of the brand's sector),
    and the member's second store in the same case with chance SECOND_STORE."""
    members = pop.members
    case = np.repeat(np.arange(len(block.k_bg)), block.k_bg)
    top = brands.top[block.brand[case]]
    in_sector = (rng.random(len(case)) < 0.85) & (members.sector_count[top] > 0)
    pos = pick_in_ranges(rng, members.sector_start[top], members.sector_count[top])
    anyone = rng.integers(0, N_MEMBERS, len(case))
    member = np.where(in_sector, members.by_sector[np.minimum(pos, N_MEMBERS - 1)], anyone)
    store, second = pop.member_stores(rng, member, SECOND_STORE)
    return replace(block, slot_case=np.concatenate([case, case[second]]), slot_store=store)


def assemble_cases(
    rng: np.random.Generator, months: Months, brands: Brands, blocks: list[CaseBlock]
) -> tuple[Cases, np.ndarray]:
    """All case blocks in one table ordered by filing day, with court and IP type drawn; and the
    new position of each case in block order."""
    sizes = [len(b.brand) for b in blocks]
    offsets = np.concatenate([[0], np.cumsum(sizes)[:-1]]).astype(np.int64)
    brand = np.concatenate([b.brand for b in blocks])
    month = np.concatenate([b.month for b in blocks])
    kind = np.concatenate([b.kind for b in blocks])
    n_def = np.concatenate([b.n_def for b in blocks])
    k_bg = np.concatenate([b.k_bg for b in blocks])
    slot_case = np.concatenate([b.slot_case + o for b, o in zip(blocks, offsets, strict=True)])
    slot_store = np.concatenate([b.slot_store for b in blocks])
    forced_case = np.concatenate([b.forced_case + o for b, o in zip(blocks, offsets, strict=True)])
    forced_store = np.concatenate([b.forced_store for b in blocks])
    n = len(brand)
    forced_per_case = np.bincount(forced_case, minlength=n)
    planted = np.concatenate([np.full(size, b.planted) for b, size in zip(blocks, sizes, strict=True)])
    # background cases: n_def = k_bg member slots + non-members; planted: forced + non-members
    n_nonmember = n_def - k_bg - forced_per_case

    # filing day: a weekday of the month
    days_in = np.diff(months.day)[month]
    day = months.day[month] + np.minimum((rng.random(n) * days_in).astype(np.int64), days_in - 1)
    weekday = (day + 3) % 7  # 1970-01-01 was a Thursday; Monday = 0
    shift = np.where(weekday == 5, -1, np.where(weekday == 6, -2, 0))
    shifted = day + shift
    day = np.where(shifted >= months.day[month], shifted, day + np.where(weekday == 6, 1, 2))
    order = np.lexsort((rng.random(n), day))
    inverse = np.empty(n, dtype=np.int64)
    inverse[order] = np.arange(n)

    kind = kind[order]
    court = np.zeros(n, dtype=np.int64)
    for k, (courts, weights) in KIND_COURTS.items():
        at = kind == k
        choice = rng.choice(len(courts), size=int(at.sum()), p=norm(weights))
        court[at] = np.array([COURTS.index(x) for x in courts])[choice]
    planted_sorted = planted[order]
    ilnd = rng.random(n) < 0.85
    court = np.where(planted_sorted, np.where(ilnd, COURTS.index("ilnd"), COURTS.index("flsd")), court)
    brand = brand[order]
    pref = brands.ip[brand]
    ip = np.where(rng.random(n) < 0.88, pref, rng.choice(len(IP_TYPES), size=n, p=IP_WEIGHT))
    cases = Cases(
        brand=brand,
        month=month[order],
        kind=kind,
        court=court,
        ip=ip,
        filed=day[order],
        n_nonmember=n_nonmember[order],
        slot_case=inverse[slot_case],
        slot_store=slot_store,
        forced_case=inverse[forced_case],
        forced_store=forced_store,
    )
    return cases, inverse


def defendant_rows(rng: np.random.Generator, pop: Population, brands: Brands, cases: Cases) -> Defendants:
    """Every defendant row (case, store): the member slots, the forced members and non-member
    stores (mostly of the brand's sector), de-duplicated, in a random order within each case."""
    stores = pop.stores
    n_cases = len(cases.brand)
    nm_case = np.repeat(np.arange(n_cases), cases.n_nonmember)
    top = brands.top[cases.brand[nm_case]]
    in_sector = (rng.random(len(nm_case)) < 0.75) & (stores.pool_sector_count[top] > 0)
    pos = pick_in_ranges(rng, stores.pool_sector_start[top], stores.pool_sector_count[top], power=1.6)
    anywhere = rng.integers(0, stores.n_pool, len(nm_case))
    nm_store = stores.n_member + np.where(in_sector, pos, anywhere)
    case = np.concatenate([cases.slot_case, cases.forced_case, nm_case])
    store = np.concatenate([cases.slot_store, cases.forced_store, nm_store])
    del nm_case, top, in_sector, pos, anywhere, nm_store
    total_stores = stores.n_member + stores.n_pool
    shuffle = rng.permutation(total_stores)  # random order of stores inside a case
    key = case.astype(np.int64) * total_stores + shuffle[store]
    order = np.argsort(key, kind="stable")
    key = key[order]
    keep = group_starts(key)
    order = order[keep]
    case = case[order]
    store = store[order]
    first = group_starts(case)
    start_pos = np.flatnonzero(first)
    count = np.diff(np.append(start_pos, len(case)))
    defendant_no = np.arange(len(case)) - np.repeat(start_pos, count) + 1
    if len(start_pos) != n_cases:
        raise RuntimeError("every case must keep at least one defendant")
    return Defendants(
        case=case.astype(np.int32),
        defendant_no=defendant_no.astype(np.int32),
        store=store,
        member=store < stores.n_member,
        row_start=start_pos,
        first_store=store[start_pos],
    )
