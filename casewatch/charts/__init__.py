"""Pure chart builders: a DataFrame (+ language) in, a new plotly Figure out. No streamlit here.

This module holds what every chart shares (palette, font, base layout, the text escaping of
``inert``); the builders live in its submodules: ``overview`` (monthly trend, ranked bars),
``breakdowns``, ``cases`` and ``herding``, memoised by ``cache``.
"""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

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
