"""Charts of the monthly brief: plotly figures for the HTML brief, PNG images for the PDF.

The PDF's images are drawn with matplotlib's Agg canvas (no browser needed, no pyplot global
state), from the same brief tables and in the same colours as the plotly figures.
"""

from __future__ import annotations

import io
from pathlib import Path

import pandas as pd
import plotly.graph_objects as go
from matplotlib.artist import Artist
from matplotlib.figure import Figure
from matplotlib.font_manager import FontProperties
from matplotlib.ticker import MaxNLocator

from casewatch import charts
from casewatch.i18n import t
from casewatch.report import MonthlyBrief, name_of

MM_PER_INCH = 25.4
HIGHLIGHT = "#0d3b5e"  # the brief's month among the trend bars


def trend_figure(brief: MonthlyBrief, lang: str) -> go.Figure:
    """The 13-month trend (defendant stores as bars, cases as a line); the brief's month darker."""
    fig = charts.monthly_trend(brief.trend, lang, t("report.trend.title", lang))
    colours = [HIGHLIGHT if m == pd.Timestamp(brief.month) else charts.PALETTE[0] for m in brief.trend["month"]]
    fig.update_traces(marker_color=colours, selector={"type": "bar"})
    fig.update_layout(height=340, hovermode="x unified")
    # plotly would otherwise sync the case axis's ticks to the bars' gridlines (4, 9, 13 ...)
    fig.update_yaxes(tickmode="auto", nticks=6, secondary_y=True)
    return fig


def movers_figure(movers: pd.DataFrame, lang: str, title: str, colour: str) -> go.Figure:
    """Horizontal bars of one dimension's increases, largest on top, labelled +n."""
    named = movers.assign(name=[name_of(row, lang) for row in movers.to_dict("records")])
    fig = charts.ranked_bars(named, label="name", value="increase", lang=lang, title=title, color=colour)
    fig.update_traces(text=[f"+{n:,}" for n in named["increase"].iloc[::-1]], textposition="outside")
    fig.update_layout(height=max(200, 32 * len(named) + 90), margin={"l": 10, "r": 40, "t": 45, "b": 10})
    largest = float(named["increase"].max()) if len(named) else 1.0
    fig.update_xaxes(title_text=None, showticklabels=False, showgrid=False, range=[0, largest * 1.2])
    fig.update_traces(
        customdata=named[["current", "previous"]].iloc[::-1].to_numpy(),
        hovertemplate="%{y}: +%{x:,}<br>"
        + t("report.col.value", lang)
        + " %{customdata[0]:,} · "
        + t("report.col.previous", lang)
        + " %{customdata[1]:,}<extra></extra>",
    )
    return fig


def trend_png(brief: MonthlyBrief, lang: str, font: Path, *, width_mm: float, height_mm: float) -> bytes:
    """The trend as a PNG for the PDF: bars of defendant stores, a line of cases, month labels."""
    regular = FontProperties(fname=str(font), size=7.5)
    small = FontProperties(fname=str(font), size=6.5)
    fig = Figure(figsize=(width_mm / MM_PER_INCH, height_mm / MM_PER_INCH), dpi=220)
    ax = fig.add_subplot()
    months = pd.to_datetime(brief.trend["month"])
    labels = [f"{m:%y-%m}" for m in months]
    positions = list(range(len(labels)))
    colours = [HIGHLIGHT if m == pd.Timestamp(brief.month) else charts.PALETTE[0] for m in months]
    bars = ax.bar(positions, brief.trend["defendant_instances"], color=colours, alpha=0.9, width=0.65)
    ax.bar_label(bars, labels=[f"{v:,}" for v in brief.trend["defendant_instances"]], fontproperties=small, padding=1.5)
    ax.set_ylabel(t("col.defendant_instances", lang), fontproperties=regular, color=charts.PALETTE[0])
    line_ax = ax.twinx()
    (line,) = line_ax.plot(
        positions, brief.trend["cases"], color=charts.PALETTE[1], marker="o", markersize=3, linewidth=1.6
    )
    line_ax.set_ylabel(t("col.cases", lang), fontproperties=regular, color=charts.PALETTE[1])
    for axis in (ax, line_ax):
        axis.set_ylim(bottom=0, top=max(1.0, float(axis.get_ylim()[1])) * 1.12)
        axis.yaxis.set_major_locator(MaxNLocator(nbins=5, integer=True))
        axis.spines["top"].set_visible(False)
        for label in axis.get_yticklabels():
            label.set_fontproperties(small)
    ax.set_xticks(positions, labels)
    for label in ax.get_xticklabels():
        label.set_fontproperties(small)
    ax.grid(axis="y", color="#ececec", linewidth=0.6)
    ax.set_axisbelow(True)
    ax.tick_params(length=0)
    line_ax.tick_params(length=0)
    for spine in ("left", "right"):
        ax.spines[spine].set_visible(False)
        line_ax.spines[spine].set_visible(False)
    legend_handles: list[Artist | tuple[Artist, ...]] = [bars, line]
    ax.legend(
        legend_handles,
        [t("col.defendant_instances", lang), t("col.cases", lang)],
        prop=small,
        loc="upper left",
        frameon=False,
        ncols=2,
    )
    fig.tight_layout(pad=0.4)
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", dpi=220)
    return buffer.getvalue()
