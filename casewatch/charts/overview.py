"""Charts of the Overview (and the pages and brief that reuse them): the monthly trend and ranked
horizontal bars."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from casewatch.charts import PALETTE, base_layout, count_tick
from casewatch.charts.cache import memoised_figure
from casewatch.i18n import column_label, t

# Hover text of a perturbed figure (shown to members, docs/privacy.md): the value after "≈".
APPROXIMATE_HOVER = "%{fullData.name}: ≈%{y:,d}<extra></extra>"


@memoised_figure
def monthly_trend(monthly: pd.DataFrame, lang: str, title: str, *, approximate: bool = False) -> go.Figure:
    """Bars of defendant instances and a line of cases per month (columns of overview/monthly);
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
    area: str | None = None,
    decimals: int | None = None,
    reference: float | None = None,
) -> go.Figure:
    """Horizontal bars of ``ranked`` (largest first), largest on top: the overview's, the parties
    and regions pages', the brief's movers and the herding page's. ``customdata`` names a column
    carried for click events; ``approximate``: the values are perturbed, and their labels and hover
    say so (≈); ``area`` the strings of the value's name (``i18n.column_label``); ``decimals``
    rounds the bar labels; ``reference`` draws a dotted line at that value."""
    ordered = ranked.iloc[::-1]
    fig = go.Figure(
        go.Bar(
            x=ordered[value],
            y=ordered[label].astype(str),
            orientation="h",
            marker_color=color,
            customdata=ordered[customdata] if customdata else None,
            name=column_label(lang, value, area),
            text=ordered[value] if decimals is None else ordered[value].round(decimals),
            textposition="auto",
        )
    )
    if approximate:
        fig.update_traces(texttemplate="≈%{x:,d}", hovertemplate="%{y}: ≈%{x:,d}<extra></extra>")
    if reference is not None:
        fig.add_vline(x=reference, line_dash="dot", line_color=PALETTE[5])
    fig = base_layout(fig, title, height=max(260, 34 * len(ordered) + 80))
    fig.update_layout(hovermode="closest", showlegend=False)
    fig.update_xaxes(title_text=column_label(lang, value, area), gridcolor="#ececec")
    return fig
