"""The KPI model (one figure against earlier periods) and how CaseWatch writes numbers and changes."""

from __future__ import annotations

import math
from dataclasses import dataclass

import pandas as pd

from casewatch.i18n import t


def relative_change(now: float, before: float) -> float | None:
    """(now - before) / before; None when before is 0 (a change from nothing has no ratio) or
    either value is missing (NaN)."""
    if before == 0 or math.isnan(now) or math.isnan(before):
        return None
    return (now - before) / before


def _number(value: float | None) -> float:
    """A KPI value as a float, NaN when missing (None, NaN, pd.NA)."""
    return math.nan if value is None or pd.isna(value) else float(value)


@dataclass(frozen=True)
class Kpi:
    """One KPI of a period against the period before and, on the brief, the same month a year
    earlier (NaN where there is none). The overview, parties and herding cards and every form of
    the brief show it, so a change reads the same everywhere (``format_change``)."""

    key: str
    kind: str  # count | usd | share
    value: float
    previous: float = math.nan
    year_ago: float = math.nan
    # a perturbed figure (a member's view, docs/privacy.md): shown after "≈"
    approximate: bool = False

    @classmethod
    def of(
        cls,
        key: str,
        kind: str,
        value: float | None,
        previous: float | None = None,
        year_ago: float | None = None,
        **options: bool,
    ) -> Kpi:
        """A KPI from query values, any of which may be missing (None, NaN, pd.NA)."""
        return cls(key, kind, _number(value), _number(previous), _number(year_ago), **options)

    @property
    def mom(self) -> float | None:
        return relative_change(self.value, self.previous)

    @property
    def yoy(self) -> float | None:
        return relative_change(self.value, self.year_ago)

    def _marked(self, text: str) -> str:
        return "≈" + text if self.approximate else text

    def shown(self, value: float | None = None) -> str:
        """The value (or another of this KPI's values) exactly: 1,234, $1,234, 71.8%; "—" when missing."""
        number = self.value if value is None else value
        if math.isnan(number):
            return "—"
        return self._marked(f"{number:.1%}" if self.kind == "share" else format_value(number, self.kind))

    def shown_compact(self, value: float, lang: str, *, from_value: float = 100_000) -> str:
        """A value compact from ``from_value`` up in the language's units ($6.15亿, 13.7万)."""
        if self.kind == "share" or math.isnan(value):
            return self.shown(value)
        return self._marked(format_compact(value, self.kind, lang, from_value=from_value))

    def change(self, lang: str) -> str | None:
        """The change against the previous period as a card shows it: percentage points for a share
        (-3.2 pp), else ``format_change`` (+18%, -3.2%); None when there is no change to show."""
        if math.isnan(self.value) or math.isnan(self.previous):
            return None
        if self.kind == "share":
            return t("kpi.points", lang, change=f"{(self.value - self.previous) * 100:+.1f}")
        ratio = self.mom
        return None if ratio is None else format_change(ratio)


def format_count(value: float) -> str:
    return f"{value:,.0f}"


def format_value(value: float, kind: str) -> str:
    return f"${value:,.0f}" if kind == "usd" else format_count(value)


def format_compact(value: float, kind: str, lang: str, *, from_value: float = 100_000) -> str:
    """Large numbers to three significant digits in the language's units (13.7万 / 137K,
    $6.15亿 / $615M); below ``from_value`` the exact value."""
    if abs(value) < from_value:
        return format_value(value, kind)
    # rounded to three significant digits before the unit is chosen: 999,600 is $1.00M, not $1,000K
    value = round(value, 2 - math.floor(math.log10(abs(value))))
    units = (("亿", 1e8), ("万", 1e4)) if lang == "zh" else (("B", 1e9), ("M", 1e6), ("K", 1e3))
    for suffix, size in units:
        if abs(value) >= size:
            scaled = value / size
            decimals = max(0, 3 - len(str(int(abs(round(scaled, 2))))))
            number = f"{scaled:,.{decimals}f}{suffix}"
            return f"${number}" if kind == "usd" else number
    return format_value(value, kind)


def format_percent(ratio: float) -> str:
    """|ratio| as a percentage: whole percents from 10% up, one decimal below (18%, 3.2%)."""
    percent = abs(ratio) * 100
    return f"{percent:.0f}%" if round(percent, 1) >= 10 else f"{percent:.1f}%"


def format_change(ratio: float | None) -> str:
    """A signed change for tables and KPI cards: +18%, -3.2%, 0%, or "—" from nothing (ASCII signs:
    st.metric reads the direction of a delta from a leading "-")."""
    if ratio is None:
        return "—"
    if format_percent(ratio) in ("0%", "0.0%"):  # a change too small to show is none, not "-0.0%"
        return "0%"
    return ("+" if ratio > 0 else "-") + format_percent(ratio)
