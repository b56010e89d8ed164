"""What planted items share: the case blocks they add, the truth they record (``demo_truth`` and
``demo_truth_cases``), and the choice of brands, members and cells. The shapes themselves are in
``waves``, ``decoys`` and ``cohorts``."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, replace

import numpy as np

from casewatch.demo.brands import Brands
from casewatch.demo.calibration import HERD_CELLS, SURGE_HISTORY, TOP_SECTORS
from casewatch.demo.cases import CaseBlock, background_block, planted_block
from casewatch.demo.population import Population
from casewatch.demo.sampling import Months, rng_choice


@dataclass(frozen=True)
class TruthRow:
    """One member of a planted item (a row of ``demo_truth``).

    Waves and decoys name an entity (a brand, or the law firm of a firm-led wave) and the month
    each member was named; cohorts have neither.
    """

    kind: str  # wave, decoy or cohort
    truth_id: str
    start_month: dt.date
    end_month: dt.date
    city_code: str
    sector_code: str
    member_id: str
    brand: str | None = None
    shape: str | None = None
    entity_kind: str | None = None
    entity: str | None = None
    sued_month: dt.date | None = None


@dataclass(frozen=True)
class Item:
    """A planted wave or decoy: its truth_id, kind, shape and cell (city index, top sector)."""

    truth_id: str
    kind: str  # wave or decoy
    shape: str
    city: int
    sector: int


def member_id(member: int) -> str:
    """The register id of member number ``member`` (0-based)."""
    return f"M{int(member) + 1:05d}"


class Planter:
    """Adds planted case blocks after the background's and records their truth.

    ``blocks[0]`` is the background; ``truth_cases`` holds (truth_id, case position in block
    order), remapped to case_idx once the cases are assembled.
    """

    def __init__(
        self, rng: np.random.Generator, pop: Population, brands: Brands, months: Months, background: CaseBlock
    ) -> None:
        self.rng = rng
        self.pop = pop
        self.brands = brands
        self.months = months
        self.blocks: list[CaseBlock] = [background]
        self.truth: list[TruthRow] = []
        self.truth_cases: list[tuple[str, int]] = []
        self.wave_brands: list[int] = []  # brands already used by a wave or decoy
        self.continuation: list[tuple[int, int]] = []  # (new wave brand, month it keeps filing from)
        self.wave_members_used: list[np.ndarray] = []  # members named by waves planted so far

    @property
    def background(self) -> CaseBlock:
        return self.blocks[0]

    def cells(self, minimum: int) -> list[tuple[int, int]]:
        """Herd-prone (city index, top sector) cells with at least ``minimum`` members."""
        cells = []
        for code, sector in HERD_CELLS:
            c, s = self.pop.codes.city_index[code], TOP_SECTORS.index(sector)
            if int(np.sum(self.pop.members.in_cell(c, s))) >= minimum:
                cells.append((c, s))
        return cells

    def sued_before(self, brand: int, month: int) -> np.ndarray:
        """Members already named by this brand (background cases) before the month."""
        bg = self.background
        at = (bg.slot_brand == brand) & (bg.slot_month < month)
        return np.unique(self.pop.stores.member[bg.slot_store[at]])

    def wave_brand(self, s: int, t0: int, t1: int, new_share: float = 0.5, **quiet: int) -> tuple[int, bool]:
        """An existing quiet brand of sector s (chance 1 - new_share, when there is one;
        ``quiet``: quiet_brand's most, years, least and clear) or a new one."""
        brand = -1
        if self.rng.random() >= new_share:
            brand = self.quiet_brand(s, t0, t1, self.wave_brands, **quiet)
        new = brand < 0
        if new:
            brand = self.brands.add(s)
        self.wave_brands.append(brand)
        return brand, new

    def wave_members(
        self, brand: int, new: bool, before: int, parts: list[tuple[int, int, int]], focal_share: float
    ) -> np.ndarray:
        """Members for each (city, top sector, count) part, focal_share of each from the cell and
        the rest from its neighbours' same sector, none sued by the brand before month ``before``
        and, while the cell has enough others, none named by an earlier planted wave (two waves
        naming the same sellers would look like one group sued again); shuffled."""
        rng, members = self.rng, self.pop.members
        sued = np.zeros(0, dtype=np.int64) if new else self.sued_before(brand, before)
        earlier = np.concatenate([np.zeros(0, dtype=np.int64), *self.wave_members_used])
        chosen: list[np.ndarray] = []
        for c, s, size in parts:
            taken = np.concatenate([sued, *chosen])
            focal_pool = np.setdiff1d(np.flatnonzero(members.in_cell(c, s)), taken)
            n_focal = min(len(focal_pool), round(size * focal_share))
            fresh = np.setdiff1d(focal_pool, earlier)
            focal_pool = fresh if len(fresh) >= n_focal else focal_pool
            focal = rng.choice(focal_pool, size=n_focal, replace=False)
            other_pool = np.setdiff1d(np.flatnonzero((members.top == s) & (members.city != c)), np.r_[taken, focal])
            near_pool = other_pool[np.isin(members.city[other_pool], self.pop.codes.neighbours(c))]
            pool = near_pool if len(near_pool) >= size - n_focal else other_pool
            fresh = np.setdiff1d(pool, earlier)
            pool = fresh if len(fresh) >= size - n_focal else pool
            rest = rng.choice(pool, size=min(len(pool), size - n_focal), replace=False)
            chosen.append(np.concatenate([focal, rest]).astype(np.int64))
        picked = rng.permutation(np.concatenate(chosen))
        self.wave_members_used.append(picked)
        return picked

    def steady_brands(self, t0: int, t1: int) -> np.ndarray:
        """Background brands active for two years before t0 and through t1 that named at least
        SURGE_HISTORY members in the year before t0, some in each half of it, and are not yet
        used by a planted item."""
        if t0 < 24:
            return np.zeros(0, dtype=np.int64)
        bg, rate, n_bg = self.background, self.brands.rate, self.brands.n_background
        active_before = (rate[:, t0 - 24 : t0] > 0).all(axis=1)
        active_during = (rate[:, t0 : t1 + 1] > 0).all(axis=1)
        slot_brand, slot_month = bg.slot_brand, bg.slot_month
        first_half = np.bincount(slot_brand[(slot_month >= t0 - 12) & (slot_month < t0 - 6)], minlength=n_bg)
        second_half = np.bincount(slot_brand[(slot_month >= t0 - 6) & (slot_month < t0)], minlength=n_bg)
        steady = (first_half + second_half >= SURGE_HISTORY) & (first_half > 0) & (second_half > 0)
        candidates = np.flatnonzero(active_before & active_during & steady)
        return candidates[~np.isin(candidates, self.wave_brands)]

    def room(self, brands: np.ndarray, before: int) -> np.ndarray:
        """Per brand: the members of its top sector it has not named (background) before the month."""
        bg, members = self.background, self.pop.members
        at = (bg.slot_month < before) & np.isin(bg.slot_brand, brands)
        member = self.pop.stores.member[bg.slot_store[at]].astype(np.int64)
        brand = bg.slot_brand[at].astype(np.int64)
        same = members.top[member] == self.brands.top[brand]
        n = len(members.top)
        pairs = np.unique(brand[same] * n + member[same])
        named = np.bincount(pairs // n, minlength=int(brands.max(initial=0)) + 1)
        sector_size = np.bincount(members.top, minlength=len(TOP_SECTORS))
        return np.asarray(sector_size[self.brands.top[brands]] - named[brands], dtype=np.int64)

    def busy_brand(self, t0: int, t1: int, room: int = 0) -> int:
        """A steady brand (``steady_brands``) with at least ``room`` members of its sector it has
        not named before t1 + 1, so that a surge of that size can be planted; -1 if none."""
        candidates = self.steady_brands(t0, t1)
        if room and len(candidates):
            candidates = candidates[self.room(candidates, t1 + 1) >= room]
        if len(candidates) == 0:
            return -1
        return int(rng_choice(self.rng, candidates))

    def quiet_brand(
        self, s: int, t0: int, t1: int, used: list[int], most: int = 6, years: int = 1, least: int = 0, clear: int = 0
    ) -> int:
        """A background brand of sector s, active for ``years`` before t0 and through t1, that
        named at least ``least`` and at most ``most`` members in that time and none in the
        ``clear`` months either side of t0..t1; -1 when there is none."""
        span = 12 * years
        if t0 < span:
            return -1
        bg, rate, n_bg = self.background, self.brands.rate, self.brands.n_background
        active_before = (rate[:, max(0, t0 - span) : t0] > 0).all(axis=1)
        active_during = (rate[:, t0 : t1 + 1] > 0).all(axis=1)
        candidates = np.flatnonzero((self.brands.top[:n_bg] == s) & active_before & active_during)
        candidates = candidates[~np.isin(candidates, used)]
        if len(candidates) == 0:
            return -1
        slot_brand, slot_month = bg.slot_brand, bg.slot_month
        recent = (slot_month >= t0 - span) & (slot_month < t0)
        hits = np.bincount(slot_brand[recent], minlength=n_bg)[candidates]
        near = (slot_month >= t0 - clear) & (slot_month <= t1 + clear)
        busy_near = np.bincount(slot_brand[near], minlength=n_bg)[candidates] if clear else 0
        quiet = candidates[(hits <= most) & (hits >= least) & (busy_near == 0)]
        if len(quiet) == 0:
            return -1
        return int(rng_choice(self.rng, quiet))

    def plant(
        self, item: Item, brand: int, groups: list[np.ndarray], months: list[int], firm: int | None = None
    ) -> None:
        """Schedule A cases of the brand naming each group in its month, and their truth rows."""
        self.add_block(planted_block(self.rng, self.pop, brand, months, groups, extra_store=0.2), item.truth_id)
        self.record(item, brand, groups, months, firm=firm)

    def add_block(self, block: CaseBlock, truth_id: str) -> None:
        """A planted block after the others; its cases are the item's ``demo_truth_cases``."""
        offset = sum(len(b.brand) for b in self.blocks)
        self.blocks.append(block)
        self.truth_cases.extend((truth_id, offset + i) for i in range(len(block.brand)))

    def record(
        self, item: Item, brand: int, groups: list[np.ndarray], months: list[int], firm: int | None = None
    ) -> None:
        """One truth row per member of the groups (named in their months); a firm-led item's
        entity is its law firm, every other's its brand. An item recorded in several calls spans
        the months of all of them."""
        month_date, truth_id = self.months.date, item.truth_id
        previous = [r.sued_month for r in self.truth if r.truth_id == truth_id and r.sued_month is not None]
        all_months = [*previous, *(month_date[m] for m in months)]
        start, end = min(all_months), max(all_months)
        if previous:
            self.truth = [
                replace(r, start_month=start, end_month=end) if r.truth_id == truth_id else r for r in self.truth
            ]
        brand_name = self.brands.names[brand]
        for group, month in zip(groups, months, strict=True):
            for m in group:
                self.truth.append(
                    TruthRow(
                        kind=item.kind,
                        truth_id=truth_id,
                        shape=item.shape,
                        entity_kind="brand" if firm is None else "firm",
                        entity=brand_name if firm is None else self.brands.firm_names[firm],
                        brand=brand_name,
                        start_month=start,
                        end_month=end,
                        sued_month=month_date[month],
                        city_code=self.pop.codes.cities[item.city],
                        sector_code=TOP_SECTORS[item.sector],
                        member_id=member_id(m),
                    )
                )

    def continue_new_brands(self) -> None:
        """New wave brands keep filing after their wave, at 0.4 times the typical brand's rate."""
        if not self.continuation:
            return
        n_t, rate = self.months.count, self.brands.rate
        lam = np.zeros((len(self.continuation), n_t))
        active = rate > 0
        typical = np.array([np.median(rate[active[:, t], t]) if active[:, t].any() else 0.0 for t in range(n_t)])
        for i, (_, t_from) in enumerate(self.continuation):
            lam[i, t_from:] = 0.4 * typical[t_from:]
        brand_ids = np.array([b for b, _ in self.continuation])
        self.blocks.append(background_block(self.rng, self.pop, self.brands, lam, brand_ids))


# A planted shape: plants the item starting in the given month
Shape = Callable[[Planter, Item, int], None]
