"""Charts of the case explorer: pure functions, DataFrame (+ language) in, a new Figure out."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from casewatch.charts import PALETTE, base_layout
from casewatch.charts.cache import memoised_figure
from casewatch.i18n import t

# Milestones in the order a Schedule A case runs, each on its own row of the timeline.
MILESTONES = ("filed", "tro", "pi", "settled", "dismissed", "default_judgment", "closed")


@memoised_figure
def milestone_timeline(events: pd.DataFrame, lang: str, title: str, kind_label: str = "kind_label") -> go.Figure:
    """One marker per docket event (columns event_on, kind, ``kind_label``, detail), a row per
    milestone kind, joined by a line in date order."""
    ordered = events.sort_values("event_on", kind="stable")
    rank = {kind: index for index, kind in enumerate(MILESTONES)}
    rows = ordered["kind"].map(lambda kind: rank.get(kind, len(MILESTONES)))
    fig = go.Figure(
        go.Scatter(
            x=ordered["event_on"],
            y=ordered[kind_label],
            mode="lines+markers+text",
            text=pd.to_datetime(ordered["event_on"]).dt.strftime("%Y-%m-%d"),
            textposition="top center",
            customdata=ordered["detail"].fillna(""),
            hovertemplate="%{x|%Y-%m-%d} %{y}<br>%{customdata}<extra></extra>",
            marker={"size": 12, "color": [PALETTE[r % len(PALETTE)] for r in rows]},
            line={"color": "#b0b0b0", "width": 1},
            name=t("cases.timeline", lang),
        )
    )
    labels = ordered.assign(_rank=rows).drop_duplicates(kind_label).sort_values("_rank")[kind_label].tolist()
    fig.update_yaxes(categoryorder="array", categoryarray=labels[::-1], title_text=None)
    fig.update_xaxes(tickformat="%Y-%m-%d")
    fig = base_layout(fig, title, height=max(220, 46 * len(labels) + 110))
    fig.update_layout(hovermode="closest", showlegend=False)
    return fig
