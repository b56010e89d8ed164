"""The leadership monthly brief: one set of numbers, built once, rendered many ways.

``build_brief(fetch, month, filters, vocabulary)`` runs the brief's queries (queries/report/*.sql)
once and returns a ``MonthlyBrief``: the month's KPIs with month-over-month and year-over-year
change, the 13-month trend, the top movers, new and ongoing waves (from the herding results when
they exist), the members newly affected, and a narrative written from those numbers by templates.
The page, the narrative, the HTML, the PDF and the XLSX all read this one object
(``render(brief, fmt, lang)``), so they cannot disagree.
"""

from __future__ import annotations

import datetime as dt
import math
import os
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import pandas as pd

from casewatch.errors import CaseWatchError
from casewatch.filters import EARLIEST, Filters, Vocabulary, add_months
from casewatch.i18n import t

TREND_MONTHS = 13  # the month and the twelve before it, so the year-ago month is on the chart
MOVERS_LIMIT = 5  # per dimension
AUDIENCES = ("leadership", "analyst")
NEW_MEMBERS_LIMIT = 1000  # the XLSX lists them all up to this; the PDF and page show the first ones
DIMENSIONS = ("city", "sector", "brand", "firm")
FORMATS = ("pdf", "html", "xlsx")
MIME = {
    "pdf": "application/pdf",
    "html": "text/html",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}
# (KPI, kind): kind "usd" is shown as dollars, "count" as a whole number.
KPIS = (
    ("cases", "count"),
    ("defendant_instances", "count"),
    ("members_affected", "count"),
    ("members_new", "count"),
    ("frozen_usd", "usd"),
)
# Fonts with TrueType outlines, tried in order (path, face index in a collection). fpdf2 embeds
# them as CIDFontType2 subsets, which every PDF reader, pypdf included, maps back to text.
# Noto Sans CJK (fonts-noto-cjk) is CFF-based: fpdf2 embeds it too, but pypdf then reads the
# glyph widths wrongly and spaces out every character of the extracted text.
CJK_FONTS = (
    ("/usr/share/fonts/truetype/wqy/wqy-microhei.ttc", 0),
    ("/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc", 0),
    ("/usr/share/fonts/truetype/droid/DroidSansFallbackFull.ttf", 0),
)

Fetch = Callable[..., pd.DataFrame]


class CjkFontMissing(CaseWatchError):
    key = "report.error.font_missing"


class BadMonth(CaseWatchError):
    key = "report.error.bad_month"


def cjk_font() -> tuple[Path, int]:
    """The CJK font the PDF embeds and its charts use: $CASEWATCH_CJK_FONT, else the first of
    CJK_FONTS present. Raises CjkFontMissing (``make run`` / ``make test`` install one)."""
    override = os.environ.get("CASEWATCH_CJK_FONT")
    candidates = [(override, 0)] if override else list(CJK_FONTS)
    for path, index in candidates:
        if path and Path(path).is_file():
            return Path(path), index
    tried = ", ".join(str(path) for path, _ in candidates)
    raise CjkFontMissing(f"no CJK font with TrueType outlines found (tried {tried})", paths=tried)


def parse_month(text: str, today: dt.date) -> dt.date:
    """First day of the month written YYYY-MM, from 2000-01 to the current month; else BadMonth."""
    try:
        month = dt.datetime.strptime(text.strip(), "%Y-%m").date()
    except ValueError as exc:
        raise BadMonth(f"month {text!r} is not YYYY-MM", value=text) from exc
    if not EARLIEST <= month <= today.replace(day=1):
        raise BadMonth(f"month {text!r} is outside 2000-01 .. {today:%Y-%m}", value=text)
    return month


def month_end(month: dt.date) -> dt.date:
    return add_months(month, 1) - dt.timedelta(days=1)


def default_month(first_month: dt.date | None, last_month: dt.date | None, today: dt.date) -> dt.date:
    """The latest full month (the one before today's) that the data reaches; that month when
    there is no data."""
    latest_full = add_months(today.replace(day=1), -1)
    if last_month is None or first_month is None:
        return latest_full
    return max(first_month, min(last_month, latest_full))


def month_choices(first_month: dt.date | None, last_month: dt.date | None, today: dt.date) -> list[dt.date]:
    """Months offered by the picker, newest first: from the data's last month (at most the
    current one) back to its first."""
    newest = today.replace(day=1) if last_month is None else min(last_month, today.replace(day=1))
    oldest = first_month or newest
    months: list[dt.date] = []
    month = newest
    while month >= oldest and len(months) < 12 * 30:
        months.append(month)
        month = add_months(month, -1)
    return months


def available_months(fetch: Fetch, today: dt.date) -> tuple[list[dt.date], dt.date]:
    """(months the picker offers, newest first; the default month) from the data's span."""
    span = fetch("report/month_range").iloc[0]
    first = None if pd.isna(span["first_month"]) else pd.Timestamp(span["first_month"]).date()
    last = None if pd.isna(span["last_month"]) else pd.Timestamp(span["last_month"]).date()
    return month_choices(first, last, today), default_month(first, last, today)


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


def cell_text(value: object) -> str:
    """A table cell as text: whole numbers with separators, missing values empty."""
    if value is None or (isinstance(value, float) and pd.isna(value)):
        return ""
    if isinstance(value, (int, float)) and not isinstance(value, bool) and float(value).is_integer():
        return format_count(float(value))
    return str(value)


def cell_label(word: str) -> str:
    """A word written for the middle of a sentence ("law firm") as a table cell ("Law firm")."""
    return word[:1].upper() + word[1:]


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


@dataclass(frozen=True, eq=False)
class MonthlyBrief:
    """Everything the brief shows, built once from query results (see ``build_brief``)."""

    month: dt.date
    filters: Filters  # the global filters with the dates set to the month
    vocabulary: Vocabulary
    data_version: int
    data_updated_at: str
    trend: pd.DataFrame  # report/monthly over TREND_MONTHS months ending with the month
    movers: pd.DataFrame  # report/movers
    new_members: pd.DataFrame  # report/new_members: named, for the analyst brief only (else empty)
    waves: pd.DataFrame | None  # new and ongoing waves; None when herding results are absent
    generated_at: dt.datetime = field(default_factory=lambda: dt.datetime.now().replace(microsecond=0))
    # who the brief is for: "leadership" (aggregates only: members counted, never named - a brief
    # is the file most likely to be forwarded) or "analyst" (may list members by name)
    audience: str = "leadership"
    new_member_cities: pd.DataFrame = field(default_factory=pd.DataFrame)  # report/new_member_cities

    def __post_init__(self) -> None:
        # the renderers trust the audience: a leadership brief holding named rows is a bug, not a view
        if self.audience not in AUDIENCES:
            raise ValueError(f"unknown brief audience {self.audience!r}")
        if self.audience != "analyst" and not self.new_members.empty:
            raise ValueError("a leadership brief may not carry the named list of new members")

    @property
    def previous_month(self) -> dt.date:
        return add_months(self.month, -1)

    @property
    def year_ago_month(self) -> dt.date:
        return add_months(self.month, -12)

    def row(self, month: dt.date) -> dict[str, Any]:
        """The trend row of a month (zeros when the trend does not reach it)."""
        rows = self.trend[self.trend["month"] == pd.Timestamp(month)]
        if rows.empty:
            return {key: 0 for key, _kind in KPIS}
        return {str(key): value for key, value in rows.iloc[0].items()}

    @property
    def kpis(self) -> tuple[KpiChange, ...]:
        now, before, year_ago = self.row(self.month), self.row(self.previous_month), self.row(self.year_ago_month)
        return tuple(
            KpiChange(key, kind, float(now[key]), float(before[key]), float(year_ago[key])) for key, kind in KPIS
        )

    def kpi(self, key: str) -> KpiChange:
        return next(k for k in self.kpis if k.key == key)

    def movers_of(self, dimension: str) -> pd.DataFrame:
        return self.movers[self.movers["dimension"] == dimension].reset_index(drop=True)

    def month_label(self, lang: str, month: dt.date | None = None) -> str:
        day = month or self.month
        return t("report.month_label", lang, year=day.year, month=t(f"report.month.{day.month}", lang))

    def month_short(self, lang: str, month: dt.date | None = None) -> str:
        """The month's short name for table headers (10月 / Oct)."""
        return t(f"report.month_short.{(month or self.month).month}", lang)

    def title(self, lang: str) -> str:
        return t("report.doc_title", lang, month=self.month_label(lang))

    def caption(self, lang: str) -> str:
        return self.filters.caption(lang, self.vocabulary)

    @property
    def names_members(self) -> bool:
        """True for the analyst brief, the one that may list members by name."""
        return self.audience == "analyst"

    def meta_lines(self, lang: str) -> list[str]:
        """Audience, filters, data version and generation time, printed on every rendering."""
        return [
            t(f"report.meta.audience.{self.audience}", lang),
            t("report.meta.filters", lang, caption=self.caption(lang)),
            t("report.meta.version", lang, version=self.data_version, updated=self.data_updated_at),
            t("report.meta.generated", lang, at=self.generated_at.isoformat(sep=" ")),
        ]

    def narrative(self, lang: str) -> list[str]:
        """The summary paragraph as sentences, written from the numbers by templates."""
        return narrative(self, lang)

    def summary(self, lang: str) -> str:
        """The narrative as one paragraph (Chinese sentences run on; English ones are spaced)."""
        return ("" if lang == "zh" else " ").join(self.narrative(lang))

    def tables(self, lang: str) -> dict[str, pd.DataFrame]:
        """The month's tables with headers in lang, numbers as numbers (XLSX, HTML and PDF)."""
        return tables(self, lang)


def audience_for(role: str, asked: str | None = None) -> str:
    """The brief a role may read: an analyst's is the one asked for (the named one by default, or
    the leadership one to preview and send on); every other role's is the leadership brief."""
    if role != "analyst":
        return "leadership"
    return asked if asked in AUDIENCES else "analyst"


def build_brief(
    fetch: Fetch,
    month: dt.date,
    filters: Filters,
    vocabulary: Vocabulary,
    *,
    now: dt.datetime | None = None,
    audience: str = "leadership",
) -> MonthlyBrief:
    """Run the brief's queries for the month under the global (non-date) filters, for ``audience``
    (leadership: members counted by city, never named; analyst: also listed by name).

    ``fetch(name, **params)`` runs a query: ``Database.query`` for the CLI, the page context's
    cached and scoped ``query`` for the page.
    """
    if audience not in AUDIENCES:
        raise ValueError(f"unknown brief audience {audience!r}")
    month = month.replace(day=1)
    end = month_end(month)
    in_month = replace(filters, date_from=month, date_to=end)

    def params(start: dt.date) -> dict[str, Any]:
        return replace(filters, date_from=start, date_to=end).params()

    trend = fetch("report/monthly", **params(add_months(month, 1 - TREND_MONTHS)), history_from=EARLIEST)
    movers = fetch("report/movers", **params(add_months(month, -1)), month=month, limit=MOVERS_LIMIT)
    new_member_cities = fetch("report/new_member_cities", **params(EARLIEST), month=month)
    new_members = (
        fetch("report/new_members", **params(EARLIEST), month=month, limit=NEW_MEMBERS_LIMIT)
        if audience == "analyst"
        else pd.DataFrame()
    )
    status = fetch("data_status").iloc[0]
    updated = status["last_import_at"] if pd.notna(status["last_import_at"]) else status["data_updated_at"]
    waves = None  # herding results absent: a database from before migration 004, or never computed
    herding = bool(fetch("report/table_exists", table="herding_waves").iloc[0]["present"])
    if herding and not fetch("report/herding_run").empty:
        waves = fetch("report/waves", month=month)
    brief = MonthlyBrief(
        month=month,
        filters=in_month,
        vocabulary=vocabulary,
        data_version=int(status["data_version"] or 0),
        data_updated_at=str(updated or "—")[:19].replace("T", " "),
        trend=trend,
        movers=movers,
        new_members=new_members,
        waves=waves,
        audience=audience,
        new_member_cities=new_member_cities,
    )
    return replace(brief, generated_at=now) if now else brief


# --- narrative -------------------------------------------------------------------------------


def _change_phrase(kpi: KpiChange, against: str, lang: str) -> str:
    before = kpi.previous if against == "mom" else kpi.year_ago
    ratio = relative_change(kpi.value, before)
    if ratio is None:
        state = "flat" if kpi.value == 0 else "from_zero"
    else:
        state = "flat" if ratio == 0 else "up" if ratio > 0 else "down"
    return t(f"report.narr.{against}.{state}", lang, pct=format_percent(ratio or 0))


def name_of(row: Mapping[Any, Any] | pd.Series, lang: str, prefix: str = "name") -> str:
    """A row's name in lang (``<prefix>_zh`` / ``<prefix>_en``), falling back to the other language."""
    first, second = (f"{prefix}_zh", f"{prefix}_en") if lang == "zh" else (f"{prefix}_en", f"{prefix}_zh")
    for key in (first, second):
        value = row.get(key)
        if value is not None and not pd.isna(value) and str(value):
            return str(value)
    return ""


def new_member_city_rows(brief: MonthlyBrief, lang: str) -> tuple[list[str], list[list[str]]]:
    """Headers and rows of the newly affected members counted by city (the leadership brief's)."""
    headers = [t("report.col.city", lang), t("report.col.new_members", lang)]
    rows = [
        [name_of(row, lang, "city") or t("report.city_unknown", lang), format_count(row["members"])]
        for row in brief.new_member_cities.to_dict("records")
    ]
    return headers, rows


def new_member_rows(brief: MonthlyBrief, lang: str, limit: int) -> tuple[list[str], list[list[str]]]:
    """Headers and the first ``limit`` rows of the newly affected members, as shown in HTML and PDF
    (the analyst brief's; the leadership brief counts them: new_member_city_rows)."""
    headers = [
        t(f"report.col.{c}", lang) for c in ("member", "city", "sector", "cases", "defendant_instances", "brands")
    ]
    rows = [
        [
            name_of(row, lang) or str(row["member_id"]),
            name_of(row, lang, "city"),
            name_of(row, lang, "sector"),
            format_count(row["cases"]),
            format_count(row["defendant_instances"]),
            str(row["brands"] or ""),
        ]
        for row in brief.new_members.head(limit).to_dict("records")
    ]
    return headers, rows


def narrative(brief: MonthlyBrief, lang: str) -> list[str]:
    """Sentences of the brief's summary in lang (see the report.narr.* strings)."""
    cases = brief.kpi("cases")
    sentences = [
        t(
            "report.narr.volume",
            lang,
            month=brief.month_label(lang),
            cases=format_count(cases.value),
            mom=_change_phrase(cases, "mom", lang),
            yoy=_change_phrase(cases, "yoy", lang),
            defendants=format_count(brief.kpi("defendant_instances").value),
            members=format_count(brief.kpi("members_affected").value),
            new_members=format_count(brief.kpi("members_new").value),
            frozen=format_count(brief.kpi("frozen_usd").value),
        )
    ]
    items = []
    for dimension in DIMENSIONS:
        top = brief.movers_of(dimension)
        if not top.empty:
            first = top.iloc[0]
            items.append(
                t(
                    "report.narr.mover",
                    lang,
                    dimension=t(f"report.dimension.{dimension}", lang),
                    name=name_of(first, lang),
                    increase=format_count(first["increase"]),
                )
            )
    if items:
        sentences.append(t("report.narr.movers", lang, items=t("report.narr.list_separator", lang).join(items)))
    else:
        sentences.append(t("report.narr.movers_none", lang))
    if brief.waves is not None:
        started = brief.waves[brief.waves["status"] == "new"]
        ongoing = len(brief.waves) - len(started)
        if started.empty:
            sentences.append(t("report.narr.waves_none_new", lang, ongoing=ongoing))
        else:
            names = t("report.narr.list_separator", lang).join(str(s) for s in started["subject"].head(3))
            more = t("report.narr.and_more", lang) if len(started) > 3 else ""
            sentences.append(t("report.narr.waves", lang, new=len(started), names=names + more, ongoing=ongoing))
    newly = int(brief.kpi("members_new").value)
    if newly and not brief.names_members:
        by_city = brief.new_member_cities
        most = by_city.iloc[0] if len(by_city) else None
        # a city is named only when it has the most of them alone (a tie would single one out)
        alone = most is not None and (len(by_city) == 1 or by_city.iloc[1]["members"] < most["members"])
        if newly == 1:
            sentences.append(t("report.narr.new_members_one", lang))
        elif most is not None and alone and not pd.isna(most["city_code"]):
            sentences.append(
                t(
                    "report.narr.new_members_count_city",
                    lang,
                    n=format_count(newly),
                    city=name_of(most, lang, "city") or str(most["city_code"]),
                    in_city=format_count(most["members"]),
                )
            )
        else:
            sentences.append(t("report.narr.new_members_count", lang, n=format_count(newly)))
    elif newly:
        shown = [name_of(row, lang) or str(row["member_id"]) for row in brief.new_members.head(3).to_dict("records")]
        names = t("report.narr.name_separator", lang).join(shown)
        if newly > len(shown):
            sentences.append(t("report.narr.new_members_more", lang, names=names, n=newly))
        else:
            sentences.append(t("report.narr.new_members", lang, names=names))
    # an abbreviation ending a sentence ("Co. Ltd.") takes no second full stop
    return [s[:-1] if s.endswith("..") else s for s in sentences]


# --- tables ----------------------------------------------------------------------------------


def tables(brief: MonthlyBrief, lang: str) -> dict[str, pd.DataFrame]:
    """Table id -> table: kpis, trend, movers, waves (when available), new_members. The XLSX names
    its sheets ``report.sheet.<id>``."""
    col = {key: t(f"report.col.{key}", lang) for key in _COLUMNS}
    month_fmt = "%Y-%m"
    kpis = pd.DataFrame(
        [
            {
                col["kpi"]: t(f"report.kpi.{k.key}", lang),
                col["value"]: k.value,
                col["previous"]: k.previous,
                col["mom"]: k.mom,
                col["year_ago"]: k.year_ago,
                col["yoy"]: k.yoy,
            }
            for k in brief.kpis
        ]
    )
    trend = pd.DataFrame(
        {
            col["month"]: pd.to_datetime(brief.trend["month"]).dt.strftime(month_fmt),
            **{t(f"report.kpi.{key}", lang): brief.trend[key] for key, _kind in KPIS},
        }
    )
    movers = pd.DataFrame(
        {
            col["dimension"]: [cell_label(t(f"report.dimension.{d}", lang)) for d in brief.movers["dimension"]],
            col["code"]: brief.movers["code"],
            col["name"]: [name_of(row, lang) for row in brief.movers.to_dict("records")],
            col["current"]: brief.movers["current"],
            col["previous_count"]: brief.movers["previous"],
            col["increase"]: brief.movers["increase"],
            col["cases"]: brief.movers["cases"],
        }
    )
    members = brief.new_members
    if not brief.names_members:
        cities = brief.new_member_cities
        out = {"kpis": kpis, "trend": trend, "movers": movers}
        if brief.waves is not None:
            out["waves"] = wave_table(brief.waves, lang)
        out["new_members"] = pd.DataFrame(
            {
                col["city"]: [
                    name_of(row, lang, "city") or t("report.city_unknown", lang) for row in cities.to_dict("records")
                ],
                col["new_members"]: cities["members"] if len(cities) else [],
            }
        )
        return out
    new_members = pd.DataFrame(
        {
            col["member_id"]: members["member_id"],
            col["member"]: [name_of(row, lang) for row in members.to_dict("records")],
            col["city"]: [name_of(row, lang, "city") for row in members.to_dict("records")],
            col["sector"]: [name_of(row, lang, "sector") for row in members.to_dict("records")],
            col["cases"]: members["cases"],
            col["defendant_instances"]: members["defendant_instances"],
            col["brands"]: members["brands"],
        }
    )
    out = {"kpis": kpis, "trend": trend, "movers": movers}
    if brief.waves is not None:
        out["waves"] = wave_table(brief.waves, lang)
    out["new_members"] = new_members
    return out


def wave_table(waves: pd.DataFrame, lang: str) -> pd.DataFrame:
    """Waves with headers in lang: status, kind, brand or firm, shape, where, since, members, cases."""
    col = {key: t(f"report.col.{key}", lang) for key in _COLUMNS}
    return pd.DataFrame(
        {
            col["status"]: [cell_label(t(f"report.wave.{s}", lang)) for s in waves["status"]],
            col["wave_kind"]: [cell_label(t(f"report.dimension.{k}", lang)) for k in waves["entity_kind"]],
            col["wave_subject"]: waves["subject"],
            col["wave_shape"]: [cell_label(t(f"herding.shape.{s}", lang)) for s in waves["shape"]],
            col["wave_scope"]: [name_of(row, lang, "scope") for row in waves.to_dict("records")],
            col["wave_start"]: pd.to_datetime(waves["start_month"]).dt.strftime("%Y-%m"),
            col["wave_members"]: waves["members"],
            col["cases"]: waves["cases"],
        }
    )


_COLUMNS = (
    "kpi",
    "value",
    "previous",
    "mom",
    "year_ago",
    "yoy",
    "month",
    "dimension",
    "code",
    "name",
    "current",
    "previous_count",
    "increase",
    "cases",
    "member_id",
    "member",
    "new_members",
    "city",
    "sector",
    "defendant_instances",
    "brands",
    "status",
    "wave_kind",
    "wave_subject",
    "wave_shape",
    "wave_scope",
    "wave_start",
    "wave_members",
)


# --- rendering -------------------------------------------------------------------------------


def render(brief: MonthlyBrief, fmt: str, lang: str) -> bytes:
    """The brief as a file: pdf, html (self-contained, works offline) or xlsx."""
    if fmt == "pdf":
        from casewatch.report_pdf import render_pdf

        return render_pdf(brief, lang)
    if fmt == "html":
        from casewatch.report_html import render_html

        return render_html(brief, lang).encode("utf-8")
    if fmt == "xlsx":
        from casewatch.report_xlsx import render_xlsx

        return render_xlsx(brief, lang)
    raise ValueError(f"unknown brief format {fmt!r}")


def file_name(brief: MonthlyBrief, fmt: str, lang: str) -> str:
    """casewatch_brief_2024-02_zh_leadership.pdf: the month, language and audience of the file."""
    return f"casewatch_brief_{brief.month:%Y-%m}_{lang}_{brief.audience}.{fmt}"
