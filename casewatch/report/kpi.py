"""One KPI of a month against earlier months, and how the brief writes numbers and changes."""

from __future__ import annotations

import math
from dataclasses import dataclass


def relative_change(now: float, before: float) -> float | None:
    """(now - before) / before; None when before is 0 (a change from nothing has no ratio)."""
    if before == 0:
        return None
    return (now - before) / before


@dataclass(frozen=True)
class KpiChange:
    """One KPI of the month against the month before and the same month a year earlier."""

    key: str
    kind: str  # count | usd
    value: float
    previous: float
    year_ago: float

    @property
    def mom(self) -> float | None:
        return relative_change(self.value, self.previous)

    @property
    def yoy(self) -> float | None:
        return relative_change(self.value, self.year_ago)

    def shown(self, value: float | None = None) -> str:
        return format_value(self.value if value is None else value, self.kind)

    def shown_compact(self, value: float, lang: str) -> str:
        """A comparison value for a KPI card, compact when large ($6.15亿)."""
        return format_compact(value, self.kind, lang)


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
