"""The demo's people and shops: 2,000 members in the Guangdong cities, their marketplace stores, and
the much larger pool of non-member stores that cases name alongside them."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import numpy as np
import pandas as pd

from casewatch.demo.calibration import (
    AFFINE_A,
    CITY_AFFINITY,
    CITY_GROUPS,
    CITY_WEIGHT,
    EPOCH,
    MEMBER_FIRST_TEMPLATES,
    N_MEMBERS,
    NONMEMBER_ORIGIN,
    NONMEMBER_STORES_PER_SCALE,
    OTHER_PROVINCES,
    OTHER_TEMPLATE_WEIGHT,
    OTHER_TEMPLATES,
    PLATFORM_MOD,
    PLATFORM_WEIGHT,
    PLATFORMS,
    SECTOR_WEIGHT,
    SIZE_BANDS,
    SIZE_WEIGHT,
    STORES_BY_SIZE,
    TOP_SECTORS,
)
from casewatch.demo.names import (
    COMPANY_WORDS,
    SECTOR_WORDS,
    STORE_CITY_PY,
    STORE_PRE,
    STORE_SUF,
    STORE_WORDS,
    ZH_SYLLABLES,
)
from casewatch.demo.reference import Reference
from casewatch.demo.sampling import apportion, choice_by_group, group_starts, norm, pick_in_ranges


@dataclass(frozen=True)
class Codes:
    """Reference codes as the generator indexes them: cities, subsectors and districts by position."""

    cities: list[str]  # the Guangdong city codes; a city index points in here
    city_index: dict[str, int]
    sector_codes: list[str]  # every subsector, grouped by top sector
    sub_index: list[list[int]]  # top sector -> positions of its subsectors in sector_codes
    district_codes: list[str]
    district_pos: dict[str, list[int]]  # city code -> positions of its districts in district_codes

    @classmethod
    def of(cls, ref: Reference) -> Codes:
        sector_codes = [c for t in TOP_SECTORS for c in ref.subsectors[t]]
        district_codes = [d for c in ref.districts for d in ref.districts[c]]
        district_pos: dict[str, list[int]] = {}
        for i, code in enumerate(district_codes):
            owner = next(c for c, ds in ref.districts.items() if code in ds)
            district_pos.setdefault(owner, []).append(i)
        return cls(
            cities=ref.gd_cities,
            city_index={c: i for i, c in enumerate(ref.gd_cities)},
            sector_codes=sector_codes,
            sub_index=[[sector_codes.index(c) for c in ref.subsectors[t]] for t in TOP_SECTORS],
            district_codes=district_codes,
            district_pos=district_pos,
        )

    def subsector(self, rng: np.random.Generator, top: np.ndarray) -> np.ndarray:
        """A random subsector of each top sector (positions in sector_codes)."""
        out = np.zeros(len(top), dtype=np.int64)
        u = rng.random(len(top))
        for t in range(len(TOP_SECTORS)):
            at = top == t
            children = self.sub_index[t]
            out[at] = np.asarray(children)[np.minimum((u[at] * len(children)).astype(int), len(children) - 1)]
        return out

    def district(self, rng: np.random.Generator, city_codes: list[str], city: np.ndarray, share: float) -> np.ndarray:
        """A position in district_codes (or -1) for each city index; ``share`` of the rows get one."""
        out = np.full(len(city), -1, dtype=np.int64)
        u = rng.random(len(city))
        keep = rng.random(len(city)) < share
        for c, code in enumerate(city_codes):
            options = self.district_pos.get(code, [])
            at = (city == c) & keep
            if options:
                out[at] = np.asarray(options)[np.minimum((u[at] * len(options)).astype(int), len(options) - 1)]
        return out

    def neighbours(self, c: int) -> list[int]:
        """The city indices grouped with city ``c`` in CITY_GROUPS (none for a city outside them)."""
        code = self.cities[c]
        for group in CITY_GROUPS:
            if code in group:
                return [self.city_index[x] for x in group if x != code]
        return []


@dataclass(frozen=True)
class Members:
    """The association's members: the register's rows and, per member, the arrays draws use."""

    frame: pd.DataFrame  # one row per member, loaded by queries/demo/insert_members.sql
    city: np.ndarray  # city index
    top: np.ndarray  # top sector index
    n_stores: np.ndarray
    by_sector: np.ndarray  # member numbers sorted by top sector ...
    sector_start: np.ndarray  # ... where each top sector starts in by_sector ...
    sector_count: np.ndarray  # ... and how many it has

    def in_cell(self, c: int, s: int) -> np.ndarray:
        """Mask of the members of city index ``c`` and top sector ``s``."""
        at: np.ndarray = (self.city == c) & (self.top == s)
        return at


@dataclass(frozen=True)
class Stores:
    """Every store: members' stores first (positions 0..n_member-1), then the non-member pool."""

    src: pd.DataFrame  # one row per store, integer columns; queries/demo/stores.sql makes the strings
    member: np.ndarray  # the member owning each member store
    member_start: np.ndarray  # position of each member's first store
    n_member: int
    n_pool: int
    pool_sector_start: np.ndarray  # the pool is sorted by top sector: where each starts ...
    pool_sector_count: np.ndarray  # ... and how many stores it has
    city_codes: list[str]  # city codes a store's city_i points into


@dataclass(frozen=True)
class Population:
    """Members and stores, with the codes their indices point into."""

    codes: Codes
    members: Members
    stores: Stores

    def member_stores(
        self, rng: np.random.Generator, members: np.ndarray, extra: float
    ) -> tuple[np.ndarray, np.ndarray]:
        """One random store of each member, then the next store of the members where the returned
        mask is set (chance ``extra``, members with two or more stores)."""
        start, n_stores = self.stores.member_start[members], self.members.n_stores[members]
        store = pick_in_ranges(rng, start, n_stores)
        second = (rng.random(len(members)) < extra) & (n_stores > 1)
        other = start + (store - start + 1) % n_stores
        return np.concatenate([store, other[second]]), second


def draw_population(rng: np.random.Generator, ref: Reference, scale: float, cutoff: int) -> Population:
    """Members (joined by day ``cutoff`` at the latest), their stores and the non-member pool."""
    codes = Codes.of(ref)
    members = _members(rng, ref, codes, cutoff)
    return Population(codes=codes, members=members, stores=_stores(rng, codes, members, scale))


def _city_sector_probs(codes: list[str]) -> np.ndarray:
    """Rows of top-sector probabilities, one per city: SECTOR_WEIGHT times the city's affinities."""
    probs = np.tile(SECTOR_WEIGHT, (len(codes), 1))
    for i, code in enumerate(codes):
        for sector, mult in CITY_AFFINITY.get(code, {}).items():
            probs[i, TOP_SECTORS.index(sector)] *= mult
    normed: np.ndarray = probs / probs.sum(axis=1, keepdims=True)
    return normed


def _members(rng: np.random.Generator, ref: Reference, codes: Codes, cutoff: int) -> Members:
    cities = codes.cities
    counts = apportion(N_MEMBERS, np.array(list(CITY_WEIGHT.values())), minimum=3)
    city = rng.permutation(np.repeat(np.arange(len(cities)), counts))
    # each city's members split over sectors by its mix (stratified: local specialisation
    # such as Shantou toys or Zhongshan lighting shows reliably even in small cities)
    probs = _city_sector_probs(cities)
    top = np.zeros(N_MEMBERS, dtype=np.int64)
    for c in range(len(cities)):
        at = np.flatnonzero(city == c)
        mix = apportion(len(at), probs[c], minimum=0)
        top[at] = rng.permutation(np.repeat(np.arange(len(TOP_SECTORS)), mix))
    sector = codes.subsector(rng, top)
    district = codes.district(rng, cities, city, share=1.0)
    size = rng.choice(len(SIZE_BANDS), size=N_MEMBERS, p=SIZE_WEIGHT)
    lo = np.array([r[0] for r in STORES_BY_SIZE])[size]
    hi = np.array([r[1] for r in STORES_BY_SIZE])[size]
    n_stores = rng.integers(lo, hi + 1)
    joined_lo = (dt.date(2015, 1, 1) - EPOCH).days
    joined = joined_lo + np.floor(rng.beta(1.3, 1.6, N_MEMBERS) * (cutoff - joined_lo))
    n_syl = len(ZH_SYLLABLES)
    pairs = rng.choice(n_syl * (n_syl - 1), size=N_MEMBERS, replace=False)
    first, second = pairs // (n_syl - 1), pairs % (n_syl - 1)
    second = second + (second >= first)  # two different syllables
    use_sector_word = rng.random(N_MEMBERS) < 0.35
    generic_word = rng.integers(0, len(COMPANY_WORDS), N_MEMBERS)

    rows = []
    for i in range(N_MEMBERS):
        code = cities[city[i]]
        zh1, py1 = ZH_SYLLABLES[first[i]]
        zh2, py2 = ZH_SYLLABLES[second[i]]
        trade = py1.capitalize() + py2
        word_zh, word_en = SECTOR_WORDS[top[i]] if use_sector_word[i] else COMPANY_WORDS[generic_word[i]]
        rows.append(
            {
                "member_id": f"M{i + 1:05d}",
                "name_zh": f"{ref.city_zh[code]}市{zh1}{zh2}{word_zh}有限公司",
                "name_en": f"{ref.city_en[code]} {trade} {word_en} Co., Ltd.",
                "city_code": code,
                "district": codes.district_codes[district[i]] if district[i] >= 0 else None,
                "sector_code": codes.sector_codes[sector[i]],
                "size_band": SIZE_BANDS[size[i]],
                "joined_day": int(joined[i]),
                "email": f"{trade.lower()}.{i + 1:04d}@example.com",
                "trade": trade,
                "city_py": ref.city_en[code].lower(),
            }
        )
    frame = pd.DataFrame(rows)
    frame["member_no"] = np.arange(N_MEMBERS, dtype=np.int32)
    frame["joined_day"] = frame["joined_day"].astype(np.int32)
    by_sector = np.argsort(top, kind="stable")
    return Members(
        frame=frame,
        city=city,
        top=top,
        n_stores=n_stores,
        by_sector=by_sector,
        sector_start=np.searchsorted(top[by_sector], np.arange(len(TOP_SECTORS))),
        sector_count=np.bincount(top, minlength=len(TOP_SECTORS)),
    )


def _stores(rng: np.random.Generator, codes: Codes, members: Members, scale: float) -> Stores:
    n_m = int(members.n_stores.sum())
    owner = np.repeat(np.arange(N_MEMBERS), members.n_stores)
    first_of_member = group_starts(owner)
    member_start = np.concatenate([[0], np.cumsum(members.n_stores)[:-1]])
    # distinct platforms per member: Gumbel top-k over the platform weights
    keys = np.log(PLATFORM_WEIGHT)[None, :] + rng.gumbel(size=(N_MEMBERS, len(PLATFORMS)))
    ranked = np.argsort(-keys, axis=1)
    rank_in_member = np.arange(n_m) - member_start[owner]
    m_platform = ranked[owner, rank_in_member]
    m_tpl = np.where(first_of_member, rng.choice(MEMBER_FIRST_TEMPLATES, n_m), rng.choice(OTHER_TEMPLATES[:7], n_m))

    cities = codes.cities
    n_nm = max(3000, round(NONMEMBER_STORES_PER_SCALE * scale))
    origin = rng.choice(3, size=n_nm, p=NONMEMBER_ORIGIN)
    gd_city = rng.choice(len(cities), size=n_nm, p=norm(list(CITY_WEIGHT.values())))
    prov_codes = list(OTHER_PROVINCES)
    prov = rng.choice(len(prov_codes), size=n_nm, p=norm(list(OTHER_PROVINCES.values())))
    all_city_codes = cities + prov_codes
    city = np.where(origin == 0, gd_city, np.where(origin == 1, len(cities) + prov, -1))
    probs = np.vstack([_city_sector_probs(cities), SECTOR_WEIGHT / SECTOR_WEIGHT.sum()])
    top = choice_by_group(rng, np.where(origin == 0, gd_city, len(cities)), probs)
    sector = codes.subsector(rng, top)
    district = codes.district(rng, all_city_codes, city, share=0.45)
    platform = rng.choice(len(PLATFORMS), size=n_nm, p=PLATFORM_WEIGHT)
    tpl = rng.choice(OTHER_TEMPLATES, size=n_nm, p=OTHER_TEMPLATE_WEIGHT)
    # the pool is kept sorted by top sector (random order inside) so a case can draw
    # "a store of sector s" as an index range
    order = np.lexsort((rng.random(n_nm), top))
    city, top, sector, district, platform, tpl = (a[order] for a in (city, top, sector, district, platform, tpl))

    total = n_m + n_nm
    idx = np.arange(total, dtype=np.int64)
    plat = np.concatenate([m_platform, platform])
    offset = rng.integers(0, 1 << 40, size=len(PLATFORMS))
    sid = (AFFINE_A * idx + offset[plat]) % PLATFORM_MOD[plat]
    src = pd.DataFrame(
        {
            "store_idx": idx,
            "member_no": np.concatenate([owner, np.full(n_nm, -1)]).astype(np.int32),
            "platform_i": plat.astype(np.int16),
            "tpl": np.concatenate([m_tpl, tpl]).astype(np.int16),
            "a": rng.integers(0, len(STORE_PRE), total).astype(np.int16),
            "b": rng.integers(0, len(STORE_SUF), total).astype(np.int16),
            "c": rng.integers(0, len(STORE_WORDS), total).astype(np.int16),
            "p1": rng.integers(0, len(ZH_SYLLABLES), total).astype(np.int16),
            "p2": rng.integers(0, len(ZH_SYLLABLES), total).astype(np.int16),
            "cp": rng.integers(0, len(STORE_CITY_PY), total).astype(np.int16),
            "num": rng.integers(10, 100, total).astype(np.int16),
            "sid": sid,
            "rnd": rng.integers(0, 1 << 62, total, dtype=np.int64),
            "city_i": np.concatenate([np.full(n_m, -1), city]).astype(np.int32),
            "district_i": np.concatenate([np.full(n_m, -1), district]).astype(np.int32),
            "sector_i": np.concatenate([np.full(n_m, -1), sector]).astype(np.int32),
        }
    )
    return Stores(
        src=src,
        member=owner,
        member_start=member_start,
        n_member=n_m,
        n_pool=n_nm,
        pool_sector_start=np.searchsorted(top, np.arange(len(TOP_SECTORS))),
        pool_sector_count=np.bincount(top, minlength=len(TOP_SECTORS)),
        city_codes=all_city_codes,
    )
