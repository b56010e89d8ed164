"""Charts of the monthly brief: plotly figures for the HTML brief, PNG images for the PDF.

The PDF's images are drawn with matplotlib's Agg canvas (no browser needed, no pyplot global
state), from the same brief tables and in the same colours as the plotly figures.
"""

from __future__ import annotations

import io
import re
from pathlib import Path

import pandas as pd
import plotly.graph_objects as go
from matplotlib.figure import Figure
from matplotlib.font_manager import FontProperties
from matplotlib.ticker import FuncFormatter, MaxNLocator

from casewatch import charts
from casewatch.charts.overview import monthly_trend, ranked_bars
from casewatch.i18n import name_of, t
from casewatch.report.brief import DIMENSIONS, MonthlyBrief
from casewatch.report.kpi import format_compact

MM_PER_INCH = 25.4
HIGHLIGHT = "#0d3b5e"  # the brief's month among the trend bars
# each dimension's colour for its movers, on the page, in the HTML and in the PDF
MOVER_COLOURS = dict(
    zip(DIMENSIONS, (charts.PALETTE[0], charts.PALETTE[2], charts.PALETTE[1], charts.PALETTE[4]), strict=True)
)


def trend_figure(brief: MonthlyBrief, lang: str) -> go.Figure:
    """The 13-month trend (defendant stores as bars, cases as a line); the brief's month darker."""
    fig = monthly_trend(brief.trend, lang, t("report.trend.title", lang))
    colours = [HIGHLIGHT if m == pd.Timestamp(brief.month) else charts.PALETTE[0] for m in brief.trend["month"]]
    fig.update_traces(marker_color=colours, selector={"type": "bar"})
    if brief.month_to_date:  # the month's bar is short because the month is not over
        fig.add_annotation(
            x=pd.Timestamp(brief.month), y=1, yref="paper", yanchor="bottom", showarrow=False,
            text=t("report.trend.to_date", lang), font={"color": HIGHLIGHT, "size": 11},
        )  # fmt: skip
    fig.update_layout(height=340, hovermode="x unified")
    # plotly would otherwise sync the case axis's ticks to the bars' gridlines (4, 9, 13 ...)
    fig.update_yaxes(tickmode="auto", nticks=6, secondary_y=True)
    return fig


def movers_figure(
    movers: pd.DataFrame, lang: str, title: str, colour: str, *, month_to_date: bool = False
) -> go.Figure:
    """Horizontal bars of one dimension's increases, largest on top, labelled +n; ``month_to_date``:
    the hover names the periods month to date and the same days of the previous month."""
    suffix = "_mtd" if month_to_date else ""
    named = movers.assign(name=[name_of(row, lang) for row in movers.to_dict("records")])
    fig = ranked_bars(named, label="name", value="increase", lang=lang, title=title, color=colour)
    fig.update_traces(text=[f"+{n:,}" for n in named["increase"].iloc[::-1]], textposition="outside")
    fig.update_layout(height=max(200, 32 * len(named) + 90), margin={"l": 10, "r": 40, "t": 45, "b": 10})
    largest = float(named["increase"].max()) if len(named) else 1.0
    fig.update_xaxes(title_text=None, showticklabels=False, showgrid=False, range=[0, largest * 1.2])
    fig.update_traces(
        customdata=named[["current", "previous"]].iloc[::-1].to_numpy(),
        hovertemplate="%{y}: +%{x:,}<br>"
        + t(f"report.col.value{suffix}", lang)
        + " %{customdata[0]:,} · "
        + t(f"report.col.previous{suffix}", lang)
        + " %{customdata[1]:,}<extra></extra>",
    )
    return fig


def _tick(value: float, lang: str) -> str:
    """An axis tick: compact and without trailing zeros (6万, 12.5万, 150K)."""
    return re.sub(r"\.0+(?=\D|$)|(\.\d*?)0+(?=\D|$)", r"\1", format_compact(value, "count", lang, from_value=10_000))


def trend_png(brief: MonthlyBrief, lang: str, font: Path, *, width_mm: float, height_mm: float) -> bytes:
    """The trend as a PNG for the PDF: new cases as a line above, defendant stores as bars below
    (two panels, so labels never collide), each point labelled, the brief's month darker."""
    regular = FontProperties(fname=str(font), size=7.5)
    small = FontProperties(fname=str(font), size=6.3)
    fig = Figure(figsize=(width_mm / MM_PER_INCH, height_mm / MM_PER_INCH), dpi=220)
    cases_ax, bars_ax = fig.subplots(2, 1, sharex=True, gridspec_kw={"height_ratios": [1, 2.2], "hspace": 0.12})
    months = pd.to_datetime(brief.trend["month"])
    positions = list(range(len(months)))
    current = [m == pd.Timestamp(brief.month) for m in months]

    cases = brief.trend["cases"].astype(float)
    cases_ax.plot(positions, cases, color=charts.PALETTE[1], marker="o", markersize=3, linewidth=1.6)
    cases_ax.scatter(
        [p for p, c in zip(positions, current, strict=True) if c], cases[current], s=22, color=HIGHLIGHT, zorder=3
    )
    for position, value in zip(positions, cases, strict=True):
        cases_ax.annotate(
            format_compact(value, "count", lang, from_value=10_000),
            (position, value),
            textcoords="offset points",
            xytext=(0, 4),
            ha="center",
            fontproperties=small,
        )
    cases_ax.set_ylim(0, max(1.0, float(cases.max())) * 1.45)
    cases_ax.set_ylabel(t("col.cases", lang), fontproperties=regular, color=charts.PALETTE[1])

    stores = brief.trend["defendant_instances"].astype(float)
    colours = [HIGHLIGHT if c else charts.PALETTE[0] for c in current]
    bars = bars_ax.bar(positions, stores, color=colours, alpha=0.9, width=0.62)
    bars_ax.bar_label(
        bars,
        labels=[format_compact(v, "count", lang, from_value=10_000) for v in stores],
        fontproperties=small,
        padding=1.5,
    )
    bars_ax.set_ylim(0, max(1.0, float(stores.max())) * 1.15)
    bars_ax.set_ylabel(t("col.defendant_instances", lang), fontproperties=regular, color=charts.PALETTE[0])
    ticks = [f"{m:%Y-%m}" if m.month == 1 or i == 0 else f"{m:%m}" for i, m in enumerate(months)]
    if brief.month_to_date:  # the month's bar is short because the month is not over
        ticks = [
            f"{tick}\n{t('report.trend.to_date', lang)}" if c else tick for tick, c in zip(ticks, current, strict=True)
        ]
    bars_ax.set_xticks(positions, ticks)

    for axis in (cases_ax, bars_ax):
        axis.yaxis.set_major_locator(MaxNLocator(nbins=3 if axis is cases_ax else 4, integer=True))
        axis.yaxis.set_major_formatter(FuncFormatter(lambda v, _pos: _tick(v, lang)))
        axis.grid(axis="y", color="#ececec", linewidth=0.6)
        axis.set_axisbelow(True)
        axis.tick_params(length=0)
        for spine in ("top", "right", "left"):
            axis.spines[spine].set_visible(False)
        axis.spines["bottom"].set_color("#cccccc")
        for label in (*axis.get_yticklabels(), *axis.get_xticklabels()):
            label.set_fontproperties(small)
    fig.subplots_adjust(left=0.085, right=0.99, top=0.96, bottom=0.14 if brief.month_to_date else 0.09)
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", dpi=220)
    return buffer.getvalue()
