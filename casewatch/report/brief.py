"""The monthly brief's one set of numbers: ``build_brief(fetch, month, filters, vocabulary)`` runs
the brief's queries (queries/report/*.sql) once and returns a frozen ``MonthlyBrief``: the month's
KPIs with month-over-month and year-over-year change, the 13-month trend, the top movers, new and
ongoing waves (from the herding results when they exist) and the members newly affected. The
page, the narrative, the tables and every rendering read this one object, so they cannot disagree.

The current, unfinished month is a brief "month to date": its figures run through today, and its
changes compare them with the same days of the previous month and of the same month a year
earlier (1-16 February against 1-16 January), not with whole months.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from typing import Any

import pandas as pd

from casewatch.errors import CaseWatchError
from casewatch.facts import last_updated
from casewatch.filters import EARLIEST, Filters, Vocabulary, add_months, month_end
from casewatch.i18n import t
from casewatch.report.kpi import Kpi

TREND_MONTHS = 13  # the month and the twelve before it, so the year-ago month is on the chart
MOVERS_LIMIT = 5  # per dimension
AUDIENCES = ("leadership", "analyst")
NEW_MEMBERS_LIMIT = 1000  # the XLSX lists them all up to this; the PDF and page show the first ones
DIMENSIONS = ("city", "sector", "brand", "firm")
# (KPI, kind): kind "usd" is shown as dollars, "count" as a whole number.
KPIS = (
    ("cases", "count"),
    ("defendant_instances", "count"),
    ("members_affected", "count"),
    ("members_new", "count"),
    ("frozen_usd", "usd"),
)
Fetch = Callable[..., pd.DataFrame]


class BadMonth(CaseWatchError):
    key = "report.error.bad_month"


def counted_until(month: dt.date, through: dt.date | None) -> dt.date:
    """The last day of ``month`` a brief counts: its end for a whole month; month to date (through
    ``through``), the same day of that month, or its end when the month is shorter (1-31 March
    compares with 1-29 February)."""
    if through is None:
        return month_end(month)
    return min(month + dt.timedelta(days=through.day - 1), month_end(month))


def parse_month(text: str, today: dt.date) -> dt.date:
    """First day of the month written YYYY-MM, from 2000-01 to the current month; else BadMonth."""
    try:
        month = dt.datetime.strptime(text.strip(), "%Y-%m").date()
    except ValueError as exc:
        raise BadMonth(f"month {text!r} is not YYYY-MM", value=text) from exc
    if not EARLIEST <= month <= today.replace(day=1):
        raise BadMonth(f"month {text!r} is outside 2000-01 .. {today:%Y-%m}", value=text)
    return month


def default_month(first_month: dt.date | None, last_month: dt.date | None, today: dt.date) -> dt.date:
    """The latest full month (the one before today's) that the data reaches; that month when
    there is no data. (The current month may be asked for: its brief is month to date.)"""
    latest_full = add_months(today, -1)
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
    # the last day covered when the month is the current, unfinished one (month to date); None for
    # a whole month
    through: dt.date | None = None
    # month to date: report/monthly rows of the same days of the previous month and of the month a
    # year earlier, which the KPIs' changes compare with (a whole month compares with trend rows)
    comparison: pd.DataFrame = field(default_factory=pd.DataFrame)

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

    @property
    def month_to_date(self) -> bool:
        """True when the month is the current, unfinished one: figures run through ``through``."""
        return self.through is not None

    @property
    def mtd_suffix(self) -> str:
        """ "_mtd" month to date, else "": the ending of the strings that say "against the same days
        of the previous month" rather than "against the previous month"."""
        return "_mtd" if self.month_to_date else ""

    def period_end(self, month: dt.date | None = None) -> dt.date:
        """The last day counted of the month, or of an earlier month it is compared with."""
        return counted_until(month or self.month, self.through)

    def row(self, month: dt.date) -> dict[str, Any]:
        """The trend row of a month (zeros when the trend does not reach it)."""
        return _row_of(self.trend, month)

    def compared_row(self, month: dt.date) -> dict[str, Any]:
        """The figures an earlier month contributes to a change: its trend row for a whole month,
        its first days (as many as this month has had) month to date."""
        return _row_of(self.comparison if self.month_to_date else self.trend, month)

    @property
    def kpis(self) -> tuple[Kpi, ...]:
        now = self.row(self.month)
        before, year_ago = self.compared_row(self.previous_month), self.compared_row(self.year_ago_month)
        return tuple(Kpi(key, kind, float(now[key]), float(before[key]), float(year_ago[key])) for key, kind in KPIS)

    def kpi(self, key: str) -> Kpi:
        return next(k for k in self.kpis if k.key == key)

    def movers_of(self, dimension: str) -> pd.DataFrame:
        return self.movers[self.movers["dimension"] == dimension].reset_index(drop=True)

    def month_label(self, lang: str, month: dt.date | None = None) -> str:
        day = month or self.month
        return t("report.month_label", lang, year=day.year, month=t(f"report.month.{day.month}", lang))

    def month_short(self, lang: str, month: dt.date | None = None) -> str:
        """The month's short name for table headers (10月 / Oct); month to date with its days
        (2月1-16日 / Feb 1-16)."""
        day = month or self.month
        short = t(f"report.month_short.{day.month}", lang)
        if self.through is None:
            return short
        return t("report.period_short", lang, month=short, last=self.period_end(day).day)

    def day_label(self, lang: str, day: dt.date) -> str:
        """A day in words (2月16日 / 16 February)."""
        return t("report.day_label", lang, day=day.day, month=t(f"report.month.{day.month}", lang))

    def period_label(self, lang: str) -> str:
        """The month as the brief's title and summary name it: "2024年2月", or month to date
        "2024年2月（本月至今，截至2月16日）"."""
        if self.through is None:
            return self.month_label(lang)
        return t("report.month_to_date", lang, month=self.month_label(lang), through=self.day_label(lang, self.through))

    def title(self, lang: str) -> str:
        return t("report.doc_title", lang, month=self.period_label(lang))

    def kpi_help(self, lang: str) -> str:
        """What the KPIs' changes compare with (the page's KPI help)."""
        if self.through is None:
            before = (self.month_label(lang, self.previous_month), self.month_label(lang, self.year_ago_month))
            return t("report.kpi.help", lang, previous=before[0], year_ago=before[1])
        before = (self.month_short(lang, self.previous_month), self.month_short(lang, self.year_ago_month))
        return t("report.kpi.help_mtd", lang, previous=before[0], year_ago=before[1])

    def partial_note(self, lang: str) -> str | None:
        """Month to date: what the brief covers and what its changes compare with (every rendering
        shows it under the title); None for a whole month."""
        if self.through is None:
            return None

        def span(month: dt.date) -> str:
            return t("report.span", lang, first=f"{month:%Y-%m-%d}", last=f"{self.period_end(month):%Y-%m-%d}")

        return t(
            "report.partial_note",
            lang,
            current=span(self.month),
            previous=span(self.previous_month),
            year_ago=span(self.year_ago_month),
        )

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


def _row_of(frame: pd.DataFrame, month: dt.date) -> dict[str, Any]:
    """The row of a month in report/monthly rows (zeros when there is none)."""
    rows = frame[frame["month"] == pd.Timestamp(month)] if len(frame) else frame
    if rows.empty:
        return {key: 0 for key, _kind in KPIS}
    return {str(key): value for key, value in rows.iloc[0].items()}


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
    today: dt.date | None = None,
) -> MonthlyBrief:
    """Run the brief's queries for the month under the global (non-date) filters, for ``audience``
    (leadership: members counted by city, never named; analyst: also listed by name). When the
    month is today's (``today``, the real date by default) the brief is month to date: through
    today, compared with the same days of the previous month and of the month a year earlier.

    ``fetch(name, **params)`` runs a query: ``Database.query`` for the CLI, the page context's
    cached and scoped ``query`` for the page.
    """
    if audience not in AUDIENCES:
        raise ValueError(f"unknown brief audience {audience!r}")
    month = month.replace(day=1)
    today = today or dt.date.today()
    through = today if month == today.replace(day=1) else None
    end = counted_until(month, through)
    previous_month, year_ago_month = add_months(month, -1), add_months(month, -12)
    in_month = replace(filters, date_from=month, date_to=end)

    def params(start: dt.date, last: dt.date = end) -> dict[str, Any]:
        return replace(filters, date_from=start, date_to=last).params()

    trend = fetch("report/monthly", **params(add_months(month, 1 - TREND_MONTHS)), history_from=EARLIEST)
    comparison = pd.DataFrame()
    if through is not None:
        comparison = pd.concat(
            [
                fetch("report/monthly", **params(earlier, counted_until(earlier, through)), history_from=EARLIEST)
                for earlier in (previous_month, year_ago_month)
            ],
            ignore_index=True,
        )
    movers = fetch(
        "report/movers",
        **params(previous_month),
        month=month,
        previous_to=counted_until(previous_month, through),
        limit=MOVERS_LIMIT,
    )
    new_member_cities = fetch("report/new_member_cities", **params(EARLIEST), month=month)
    new_members = (
        fetch("report/new_members", **params(EARLIEST), month=month, limit=NEW_MEMBERS_LIMIT)
        if audience == "analyst"
        else pd.DataFrame()
    )
    status = fetch("meta/data_status").iloc[0]
    waves = None  # herding results absent: a database from before migration 004, or never computed
    herding = bool(fetch("report/table_exists", table="herding_waves").iloc[0]["present"])
    if herding and not fetch("report/herding_run").empty:
        waves = fetch(
            "report/waves",
            month=month,
            brands=list(filters.brands),
            firms=list(filters.firms),
            cities=list(filters.cities),
            sectors=list(filters.sectors),
        )
    brief = MonthlyBrief(
        month=month,
        filters=in_month,
        vocabulary=vocabulary,
        data_version=int(status["data_version"] or 0),
        data_updated_at=last_updated(status),
        trend=trend,
        movers=movers,
        new_members=new_members,
        waves=waves,
        audience=audience,
        new_member_cities=new_member_cities,
        through=through,
        comparison=comparison,
    )
    return replace(brief, generated_at=now) if now else brief
