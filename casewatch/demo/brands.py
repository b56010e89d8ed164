"""The brands that sue: names, sector, preferred IP type, law firm, and each background brand's
smooth monthly case rate."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from casewatch.demo.calibration import (
    BRANDS_AT_SCALE_1,
    FIRST_MONTH,
    IP_BY_SECTOR,
    IP_DEFAULT,
    KIND_WEIGHT,
    MAX_BRANDS,
    MEAN_ROWS_PER_CASE,
    MEMBER_RATE_CAP,
    MEMBERS_PER_CASE,
    NAMES_RESERVED,
    REFERENCE_MONTHS,
    ROWS_PER_SCALE,
    SEASON,
    SECTOR_WEIGHT,
    TOP_SECTORS,
    TREND,
)
from casewatch.demo.names import BRAND_MID, BRAND_PRE, BRAND_SUF, LAW_FIRMS, PLAINTIFF_SUFFIX
from casewatch.demo.population import Codes
from casewatch.demo.sampling import choice_by_group


@dataclass(frozen=True)
class BrandLists:
    """Per brand (by position): the strings queries/demo/cases.sql looks up."""

    brands: list[str]
    plaintiffs: list[str]
    firms: list[str]
    sectors: list[str]


class Brands:
    """Every brand: the background's (positions 0..n_background-1), then those planting adds.

    Planting grows the arrays (``add``) and appends law firms new to the work to ``firm_names``.
    """

    def __init__(self, rng: np.random.Generator, codes: Codes, scale: float, n_months: int) -> None:
        self.rng = rng
        self.codes = codes
        n_b = int(min(MAX_BRANDS, max(40, round(BRANDS_AT_SCALE_1 * scale))))
        self.n_background = n_b
        self.firm_names = list(LAW_FIRMS)
        # names for background and (possible) new wave brands are drawn together: all distinct
        self.names = self._new_names(n_b + NAMES_RESERVED)
        top = rng.choice(len(TOP_SECTORS), size=n_b, p=SECTOR_WEIGHT / SECTOR_WEIGHT.sum())
        self.top, self.sector, self.ip, self.firm, self.suffix = self._attrs(top)
        pop = rng.lognormal(0.0, 1.1, n_b)
        old = rng.random(n_b) < 0.45
        start = np.where(old, -1000, rng.integers(1, max(2, n_months - 3), n_b))
        ends = rng.random(n_b) < 0.12
        end = np.where(ends, np.minimum(n_months, np.maximum(start, 0) + rng.integers(18, 60, n_b)), n_months)
        t = np.arange(n_months)[None, :]
        since = t - start[:, None]
        ramp = np.clip((since + 1) / 7.0, 0.0, 1.0) * ((since >= 0) & (t < end[:, None]))
        weight = pop[:, None] * ramp
        total = weight.sum(axis=0)
        # expected cases of each background brand in each month
        self.rate: np.ndarray = weight / np.where(total > 0, total, 1.0) * monthly_cases(scale, n_months)[None, :]
        peak = np.maximum(self.rate.max(axis=1), 1e-9)
        # expected members per schedule A case, capped so no brand sues many members a month
        self.members_per_case: np.ndarray = np.minimum(MEMBERS_PER_CASE, MEMBER_RATE_CAP / (KIND_WEIGHT[0] * peak))

    def add(self, top: int) -> int:
        """A new brand of the given top sector (its name reserved with the background's); its position."""
        if len(self.top) >= len(self.names):  # past the names reserved: one more
            taken = set(self.names)
            self.names.append(next(n for n in self._new_names(64) if n not in taken))
        attrs = self._attrs(np.array([top]))
        self.top, self.sector, self.ip, self.firm, self.suffix = (
            np.concatenate([old, new])
            for old, new in zip((self.top, self.sector, self.ip, self.firm, self.suffix), attrs, strict=True)
        )
        self.members_per_case = np.concatenate([self.members_per_case, [MEMBERS_PER_CASE]])
        return len(self.top) - 1

    def lists(self) -> BrandLists:
        names = self.names[: len(self.top)]
        plaintiffs = []
        for name, ip, suffix in zip(names, self.ip, self.suffix, strict=True):
            options = PLAINTIFF_SUFFIX[int(ip)]
            plaintiffs.append(name + options[int(suffix) % len(options)])
        return BrandLists(
            brands=names,
            plaintiffs=plaintiffs,
            firms=[self.firm_names[f] for f in self.firm],
            sectors=[self.codes.sector_codes[s] for s in self.sector],
        )

    def _new_names(self, n: int) -> list[str]:
        space = len(BRAND_PRE) * len(BRAND_MID) * len(BRAND_SUF)
        picks = self.rng.choice(space, size=n, replace=False)
        names = []
        for p in picks:
            pre, rest = divmod(int(p), len(BRAND_MID) * len(BRAND_SUF))
            mid, suf = divmod(rest, len(BRAND_SUF))
            names.append(BRAND_PRE[pre] + BRAND_MID[mid] + BRAND_SUF[suf])
        return names

    def _attrs(self, top: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
        """Top sector, subsector, preferred IP type, law firm and plaintiff-suffix draw of new brands."""
        rng = self.rng
        n = len(top)
        ip_probs = np.array([IP_BY_SECTOR.get(TOP_SECTORS[t], IP_DEFAULT) for t in range(len(TOP_SECTORS))])
        ip = choice_by_group(rng, top, ip_probs)
        firm_w = 1.0 / np.arange(1, len(LAW_FIRMS) + 1) ** 1.3
        firm = rng.choice(len(LAW_FIRMS), size=n, p=firm_w / firm_w.sum())
        suffix = rng.integers(0, 1000, n)
        return top, self.codes.subsector(rng, top), ip, firm, suffix


def monthly_cases(scale: float, n_months: int) -> np.ndarray:
    """Expected background cases in each month: the TREND level times SEASON, scaled so the
    reference period holds ROWS_PER_SCALE * scale defendant rows."""
    years = FIRST_MONTH.year + (np.arange(max(n_months, REFERENCE_MONTHS)) + 0.5) / 12
    anchors = np.array(sorted(TREND))
    level = np.interp(years, anchors + 0.5, [TREND[y] for y in anchors])
    w = level * SEASON[np.arange(len(years)) % 12]
    per_unit = ROWS_PER_SCALE * scale / MEAN_ROWS_PER_CASE / w[:REFERENCE_MONTHS].sum()
    rates: np.ndarray = (w * per_unit)[:n_months]
    return rates
