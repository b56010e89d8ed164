"""Pure chart builders: a DataFrame (+ language) in, a new plotly Figure out. No streamlit here."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from casewatch.charts_cache import memoised_figure
from casewatch.i18n import t

PALETTE = ("#1f5f8b", "#e07b39", "#3a9d5d", "#c0392b", "#8e6cbf", "#7f8c8d", "#d4a017", "#2c3e50")
FONT = "Noto Sans CJK SC, Microsoft YaHei, PingFang SC, Source Han Sans SC, sans-serif"


def base_layout(fig: go.Figure, title: str, *, height: int = 380) -> go.Figure:
    fig.update_layout(
        title={"text": title, "x": 0, "font": {"size": 16}},
        font={"family": FONT, "size": 13},
        margin={"l": 10, "r": 10, "t": 50, "b": 10},
        height=height,
        legend={"orientation": "h", "yanchor": "bottom", "y": 1.0, "xanchor": "right", "x": 1},
        plot_bgcolor="white",
        hovermode="x unified",
    )
    fig.update_xaxes(showgrid=False)
    fig.update_yaxes(gridcolor="#ececec", rangemode="tozero")
    return fig


# the trace fields plotly draws as text, where it reads <a href>, <b>, <i>, <br> ... as markup
_TEXT_FIELDS = ("x", "y", "text", "hovertext", "labels", "name")


def _escape(value: object) -> object:
    if isinstance(value, str):
        return value.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return value


def _escaped(values: object) -> object:
    if isinstance(values, str):
        return _escape(values)
    if isinstance(values, (tuple, list)):
        return type(values)(_escaped(v) for v in values)
    if str(getattr(values, "dtype", "")) == "object":  # a numpy array of text
        return [_escaped(v) for v in values.tolist()]  # type: ignore[attr-defined]
    return values


def inert(fig: go.Figure) -> go.Figure:
    """A copy of the figure whose data text shows as typed: a brand named '<a href=...>x</a>' is
    that text on an axis or in a hover, not a link (plotly reads tags in text). Custom data stays
    as it is where only click events read it (codes a selection filters by), and is escaped where
    a hover or text template shows it. Titles and templates are the app's own and keep their tags."""
    shown = go.Figure(fig)
    for trace in shown.data:
        for field in _TEXT_FIELDS:
            if field in trace and trace[field] is not None:
                trace[field] = _escaped(trace[field])
        templates = " ".join(str(trace[f] or "") for f in ("hovertemplate", "texttemplate") if f in trace)
        if "customdata" in trace and trace["customdata"] is not None and "customdata" in templates:
            trace["customdata"] = _escaped(trace["customdata"])
    return shown


def count_tick(largest: float) -> int | None:
    """A whole-number tick step for a count axis (plotly would otherwise tick 0.5, 1.014 ...)."""
    if pd.isna(largest) or largest <= 0:
        return 1
    return None if largest > 10 else 1


# Hover text of a perturbed figure (shown to members, docs/privacy.md): the value after "≈".
APPROXIMATE_HOVER = "%{fullData.name}: ≈%{y:,d}<extra></extra>"


@memoised_figure
def monthly_trend(monthly: pd.DataFrame, lang: str, title: str, *, approximate: bool = False) -> go.Figure:
    """Bars of defendant instances and a line of cases per month (columns from overview_monthly);
    ``approximate``: the counts are perturbed, and their hover says so (≈)."""
    fig = make_subplots(specs=[[{"secondary_y": True}]])
    fig.add_trace(
        go.Bar(
            x=monthly["month"],
            y=monthly["defendant_instances"],
            name=t("col.defendant_instances", lang),
            marker_color=PALETTE[0],
            opacity=0.85,
        ),
        secondary_y=False,
    )
    fig.add_trace(
        go.Scatter(
            x=monthly["month"],
            y=monthly["cases"],
            name=t("col.cases", lang),
            mode="lines+markers",
            line={"color": PALETTE[1], "width": 2.5},
        ),
        secondary_y=True,
    )
    fig.update_yaxes(
        title_text=t("col.defendant_instances", lang),
        secondary_y=False,
        tickformat=",d",
        dtick=count_tick(monthly["defendant_instances"].max()),
    )
    fig.update_yaxes(
        title_text=t("col.cases", lang),
        secondary_y=True,
        showgrid=False,
        tickformat=",d",
        dtick=count_tick(monthly["cases"].max()),
    )
    fig.update_xaxes(dtick="M1" if len(monthly) <= 18 else "M3", tickformat="%Y-%m")
    if approximate:
        fig.update_traces(hovertemplate=APPROXIMATE_HOVER)
    return base_layout(fig, title)


@memoised_figure
def ranked_bars(
    ranked: pd.DataFrame,
    *,
    label: str,
    value: str,
    lang: str,
    title: str,
    customdata: str | None = None,
    color: str = PALETTE[0],
    approximate: bool = False,
) -> go.Figure:
    """Horizontal bars, largest on top. ``customdata`` names a column carried for click events;
    ``approximate``: the values are perturbed, and their labels and hover say so (≈)."""
    ordered = ranked.iloc[::-1]
    fig = go.Figure(
        go.Bar(
            x=ordered[value],
            y=ordered[label].astype(str),
            orientation="h",
            marker_color=color,
            customdata=ordered[customdata] if customdata else None,
            name=t(f"col.{value}", lang),
            text=ordered[value],
            textposition="auto",
        )
    )
    if approximate:
        fig.update_traces(texttemplate="≈%{x:,d}", hovertemplate="%{y}: ≈%{x:,d}<extra></extra>")
    fig.update_layout(hovermode="closest")
    fig = base_layout(fig, title, height=max(260, 34 * len(ordered) + 80))
    fig.update_layout(hovermode="closest", showlegend=False)
    fig.update_xaxes(title_text=t(f"col.{value}", lang), gridcolor="#ececec")
    return fig
