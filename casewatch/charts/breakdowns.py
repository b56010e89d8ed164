"""Pure chart builders for the breakdown pages (regions, sectors, trends, parties, lifecycle).

DataFrame (+ language) in, new plotly Figure out; no streamlit here. The choropleth draws
GeoJSON shapes on plotly's own geo canvas (no tile server, no mapbox), so it works offline.
``clicked`` reads the value carried by a clicked point out of a Streamlit selection event.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Any

import pandas as pd
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from casewatch.charts import FONT, PALETTE, base_layout, count_tick
from casewatch.charts.cache import memoised_figure
from casewatch.i18n import column_label, name_of, t

AREA = "breakdowns"  # headers and axis titles: breakdowns.col.<name>, else col.<name>
UNKNOWN = ""  # code of an unknown city district / sector / platform ... in query results
OTHER = "_other"  # code of the pooled remainder in trends/stacked and lifecycle/milestones
SERIES_COLOURS = (*PALETTE, "#17becf", "#bcbd22", "#e377c2", "#8c564b", "#9edae5", "#ff9896")
OUTCOME_COLOURS = {
    "default_judgment": "#c0392b",
    "settled": "#3a9d5d",
    "dismissed": "#1f5f8b",
    "won": "#8e6cbf",
    "pending": "#d5d8dc",
}
# measure -> (hover/number format, colour scale); the location quotient diverges around 1
MEASURE_FORMATS = {
    "defendant_instances": ",d",
    "members_affected": ",d",
    "members_affected_per_100": ".1f",
    "location_quotient": ".2f",
}


def display_names(
    frame: pd.DataFrame, code: str, lang: str, *, prefix: str = "name", into: str = "name"
) -> pd.DataFrame:
    """Adds column ``into``: each row's ``<prefix>_zh`` / ``<prefix>_en`` name (``i18n.name_of``);
    unknown ('') and pooled ('_other') codes get their words, other codes without a name show the
    code itself."""
    special = {UNKNOWN: t("breakdowns.unknown", lang), OTHER: t("breakdowns.other", lang)}
    codes = frame[code].astype(str)
    named = frame.copy()
    named[into] = [
        special.get(value) or name_of(row, lang, prefix) or value
        for value, row in zip(codes, frame.to_dict("records"), strict=True)
    ]
    return named


def group_names(
    codes: pd.Series | Sequence[str], lang: str, name_of: Callable[[str], str], *, everything: str
) -> dict[str, str]:
    """Display name per group code of a split: '' is everything (no split), '_other' the pooled
    rest, other codes are named by ``name_of`` (e.g. a vocabulary label)."""
    names = {}
    for code in dict.fromkeys(str(c) for c in codes):
        names[code] = everything if code == UNKNOWN else t("breakdowns.other", lang) if code == OTHER else name_of(code)
    return names


def clicked(event: object, field: str = "customdata") -> str | None:
    """The ``field`` of the first point in a plotly selection event (``st.plotly_chart`` with
    ``on_select``), as text; None when nothing is selected. For treemap clicks use ``id``."""
    if not isinstance(event, Mapping):
        return None
    selection = event.get("selection")
    points = selection.get("points") if isinstance(selection, Mapping) else None
    if not points:
        return None
    value = points[0].get(field) if isinstance(points[0], Mapping) else None
    if isinstance(value, list | tuple):
        value = value[0] if value else None
    return None if value is None else str(value)


def _colours(count: int) -> list[str]:
    """``count`` series colours, repeating the palette when there are more series than colours."""
    return [SERIES_COLOURS[i % len(SERIES_COLOURS)] for i in range(count)]


def _rgba(colour: str, alpha: float) -> str:
    red, green, blue = (int(colour[i : i + 2], 16) for i in (1, 3, 5))
    return f"rgba({red},{green},{blue},{alpha})"


@memoised_figure
def choropleth(
    cities: pd.DataFrame,
    geojson: Mapping[str, Any],
    *,
    value: str,
    lang: str,
    title: str,
    selected: Sequence[str] = (),
) -> go.Figure:
    """Guangdong cities coloured by ``value`` (rows of regions/cities with ``name``, ``lat``,
    ``lon``), with the city names on top; shapes and names carry the adcode as ``customdata``
    for click-to-filter. Selected cities get a thick outline. The view fits the shapes."""
    fmt = MEASURE_FORMATS.get(value, ",.2f")
    diverging = value == "location_quotient"
    shown = cities.assign(_z=cities[value].astype(float))
    marks = shown.dropna(subset=["lat", "lon"]) if {"lat", "lon"} <= set(shown.columns) else shown.iloc[:0]
    fig = go.Figure()
    # The names go first on purpose: plotly.js decides from the FIRST geo trace whether to download
    # its world topojson (cdn.plot.ly), and a lat/lon trace needs none, so the map draws offline.
    fig.add_trace(
        go.Scattergeo(
            lat=marks["lat"] if len(marks) else [float("nan")],
            lon=marks["lon"] if len(marks) else [float("nan")],
            text=marks["name"] if len(marks) else [""],
            customdata=marks["city_code"] if len(marks) else [""],
            mode="text",
            textfont={"family": FONT, "size": 11, "color": _label_colours(marks, shown["_z"], diverging)},
            hoverinfo="skip",
            showlegend=False,
        )
    )
    fig.add_trace(
        go.Choropleth(
            geojson=dict(geojson),
            featureidkey="id",
            locations=shown["city_code"],
            z=shown["_z"].fillna(1 if diverging else 0),
            customdata=shown["city_code"],
            text=shown["name"],
            colorscale="RdBu_r" if diverging else "Blues",
            zmid=1.0 if diverging else None,
            zmin=None if diverging else 0,
            marker={
                "line": {
                    "color": ["#111111" if code in selected else "#ffffff" for code in shown["city_code"]],
                    "width": [3 if code in selected else 0.8 for code in shown["city_code"]],
                }
            },
            colorbar={
                "title": {"text": column_label(lang, value, AREA)},
                "thickness": 14,
                "tickformat": fmt.lstrip(","),
            },
            hovertemplate=f"<b>%{{text}}</b><br>{column_label(lang, value, AREA)}: %{{z:{fmt}}}<extra></extra>",
            name=column_label(lang, value, AREA),
        )
    )
    fig.update_geos(fitbounds="locations", visible=False, bgcolor="rgba(0,0,0,0)")
    fig = base_layout(fig, title, height=560)
    fig.update_layout(hovermode="closest", margin={"l": 0, "r": 0, "t": 50, "b": 0}, dragmode=False)
    return fig


def _label_colours(marks: pd.DataFrame, values: pd.Series, diverging: bool) -> list[str]:
    """White names on the darkest fills, dark names elsewhere, so every city stays readable."""
    if marks.empty:
        return ["#1b1b1b"]
    z = values.loc[marks.index].astype(float)
    if diverging:
        dark = (z - 1.0).abs() > 0.6 * max(float((values.astype(float) - 1.0).abs().max()), 1e-9)
    else:
        dark = z > 0.6 * max(float(values.astype(float).max()), 1e-9)
    return ["#ffffff" if flag else "#1b1b1b" for flag in dark.fillna(False)]


@memoised_figure
def treemap(tree: pd.DataFrame, *, lang: str, title: str, value: str = "defendant_instances") -> go.Figure:
    """Sector -> subsector rectangles sized by ``value`` (rows of sectors/tree). Ids are the
    top-level code and ``top/sub`` for subsectors, so a click names the sector to filter by."""
    top_names = display_names(tree, "sector_top", lang, prefix="top_name", into="top")
    leaves = display_names(top_names, "sector_code", lang, into="leaf")
    parents = leaves.groupby(["sector_top", "top"], as_index=False)[[value, "cases"]].sum()
    ids = [code or "?" for code in parents["sector_top"]] + [
        f"{top or '?'}/{code or '?'}" for top, code in zip(leaves["sector_top"], leaves["sector_code"], strict=True)
    ]
    fig = go.Figure(
        go.Treemap(
            ids=ids,
            labels=list(parents["top"]) + list(leaves["leaf"]),
            parents=[""] * len(parents) + [top or "?" for top in leaves["sector_top"]],
            values=list(parents[value]) + list(leaves[value]),
            branchvalues="total",
            texttemplate="%{label}<br>%{value:,d}",
            hovertemplate=f"<b>%{{label}}</b><br>{column_label(lang, value, AREA)}: %{{value:,d}}<extra></extra>",
            marker={"colors": [*_colours(len(parents)), *[None] * len(leaves)]},
            tiling={"pad": 2},
        )
    )
    fig = base_layout(fig, title, height=520)
    fig.update_layout(hovermode="closest", margin={"l": 0, "r": 0, "t": 50, "b": 0})
    return fig


def treemap_code(node_id: str | None) -> str | None:
    """The sector code named by a clicked treemap id ('S02' or 'S02/S0201'); None for unknown."""
    if not node_id:
        return None
    code = node_id.split("/")[-1]
    return None if code == "?" else code


@memoised_figure
def heatmap(matrix: pd.DataFrame, *, lang: str, title: str, value: str = "defendant_instances") -> go.Figure:
    """Sector (rows) x IP type (columns) cells coloured and labelled by ``value``; rows of
    sectors/ip_matrix with ``sector`` and ``ip`` name columns."""
    grid = matrix.pivot_table(index="sector", columns="ip", values=value, aggfunc="sum", fill_value=0)
    order = grid.sum(axis=1).sort_values().index  # largest sector on top
    grid = grid.loc[order]
    fig = go.Figure(
        go.Heatmap(
            z=grid.to_numpy(),
            x=list(grid.columns),
            y=list(grid.index),
            colorscale="Blues",
            texttemplate="%{z:,d}",
            hovertemplate=f"%{{y}} · %{{x}}<br>{column_label(lang, value, AREA)}: %{{z:,d}}<extra></extra>",
            colorbar={"title": {"text": column_label(lang, value, AREA)}, "thickness": 14},
        )
    )
    fig = base_layout(fig, title, height=max(320, 28 * len(grid) + 120))
    fig.update_layout(hovermode="closest")
    fig.update_xaxes(side="bottom", title_text=column_label(lang, "ip", AREA))
    fig.update_yaxes(title_text=None, gridcolor=None)
    return fig


@memoised_figure
def small_multiples(
    monthly: pd.DataFrame, *, lang: str, title: str, value: str = "defendant_instances", columns: int = 3
) -> go.Figure:
    """One small panel per sector (rows of sectors/monthly with a ``name`` column, in rank
    order), each its own y scale, bars per month."""
    panels = monthly.drop_duplicates("sector_top").sort_values("rank")
    measure = column_label(lang, value, AREA)
    rows = max(1, -(-len(panels) // columns))
    fig = make_subplots(
        rows=rows,
        cols=columns,
        subplot_titles=list(panels["name"]),
        shared_xaxes=True,
        vertical_spacing=0.12 if rows > 1 else 0.2,
        horizontal_spacing=0.06,
    )
    for index, code in enumerate(panels["sector_top"]):
        part = monthly[monthly["sector_top"] == code]
        fig.add_trace(
            go.Bar(
                x=part["month"],
                y=part[value],
                name=str(part["name"].iloc[0]),
                marker_color=SERIES_COLOURS[index % len(SERIES_COLOURS)],
                customdata=part["sector_top"],
                hovertemplate=f"%{{x|%Y-%m}}<br>{measure}: %{{y:,d}}<extra>{part['name'].iloc[0]}</extra>",
            ),
            row=index // columns + 1,
            col=index % columns + 1,
        )
    fig = base_layout(fig, title, height=max(300, 210 * rows + 60))
    fig.update_layout(showlegend=False, hovermode="closest")
    fig.update_xaxes(tickformat="%Y-%m", nticks=4)
    fig.update_yaxes(tickformat=",d", rangemode="tozero")
    for annotation in fig.layout.annotations:
        annotation.font = {"family": FONT, "size": 12}
    return fig


@memoised_figure
def trend_with_average(
    monthly: pd.DataFrame,
    *,
    lang: str,
    title: str,
    measure: str = "defendant_instances",
) -> go.Figure:
    """Bars of ``measure`` per month with its 3-month moving average above and the
    year-over-year change below (rows of trends/monthly)."""
    fig = make_subplots(rows=2, cols=1, shared_xaxes=True, row_heights=[0.7, 0.3], vertical_spacing=0.08)
    fig.add_trace(
        go.Bar(
            x=monthly["month"],
            y=monthly[measure],
            name=column_label(lang, measure, AREA),
            marker_color=PALETTE[0],
            opacity=0.8,
        ),
        row=1,
        col=1,
    )
    fig.add_trace(
        go.Scatter(
            x=monthly["month"],
            y=monthly[f"{measure}_ma3"],
            name=column_label(lang, "ma3", AREA),
            mode="lines",
            line={"color": PALETTE[1], "width": 3},
        ),
        row=1,
        col=1,
    )
    yoy = monthly[f"{measure}_yoy"].astype(float)
    fig.add_trace(
        go.Bar(
            x=monthly["month"],
            y=yoy,
            name=column_label(lang, "yoy", AREA),
            marker_color=[PALETTE[2] if v < 0 else PALETTE[3] for v in yoy.fillna(0)],
            hovertemplate="%{x|%Y-%m}: %{y:+.0%}<extra></extra>",
        ),
        row=2,
        col=1,
    )
    fig = base_layout(fig, title, height=520)
    fig.update_yaxes(title_text=column_label(lang, measure, AREA), tickformat=",d", row=1, col=1)
    fig.update_yaxes(title_text=column_label(lang, "yoy", AREA), tickformat="+.0%", rangemode="normal", row=2, col=1)
    fig.update_xaxes(tickformat="%Y-%m", dtick="M1" if len(monthly) <= 18 else "M3")
    return fig


@memoised_figure
def stacked_bars(
    stacked: pd.DataFrame, *, lang: str, title: str, value: str = "defendant_instances", legend_title: str = ""
) -> go.Figure:
    """Monthly bars stacked by category (rows of trends/stacked with a ``name`` column, rank
    order); each bar segment carries its category code as ``customdata``."""
    fig = go.Figure()
    for index, (code, part) in enumerate(stacked.sort_values(["rank", "month"]).groupby("rank", sort=True)):
        del code
        fig.add_trace(
            go.Bar(
                x=part["month"],
                y=part[value],
                name=str(part["name"].iloc[0]),
                customdata=part["code"],
                marker_color="#b0b7bd" if part["code"].iloc[0] == OTHER else _colours(index + 1)[-1],
                hovertemplate=f"%{{x|%Y-%m}} · {part['name'].iloc[0]}: %{{y:,d}}<extra></extra>",
            )
        )
    fig = base_layout(fig, title, height=500)
    # many series: the legend goes under the plot, where it cannot run into the title
    below = {"orientation": "h", "x": 0, "xanchor": "left", "y": -0.12, "yanchor": "top"}
    fig.update_layout(barmode="stack", hovermode="closest", legend={**below, "title": {"text": legend_title}})
    fig.update_yaxes(title_text=column_label(lang, value, AREA), tickformat=",d")
    fig.update_xaxes(tickformat="%Y-%m", dtick="M1" if stacked["month"].nunique() <= 18 else "M3")
    return fig


@memoised_figure
def newcomers(frame: pd.DataFrame, *, lang: str, title: str) -> go.Figure:
    """New plaintiffs, brands and law firms per month as grouped bars, with active brands as a
    line on a second axis (rows of trends/new_parties)."""
    fig = make_subplots(specs=[[{"secondary_y": True}]])
    for index, column in enumerate(("new_brands", "new_plaintiffs", "new_law_firms")):
        fig.add_trace(
            go.Bar(
                x=frame["month"], y=frame[column], name=column_label(lang, column, AREA), marker_color=PALETTE[index]
            ),
            secondary_y=False,
        )
    fig.add_trace(
        go.Scatter(
            x=frame["month"],
            y=frame["active_brands"],
            name=column_label(lang, "active_brands", AREA),
            mode="lines+markers",
            line={"color": PALETTE[4], "width": 2},
        ),
        secondary_y=True,
    )
    fig = base_layout(fig, title, height=400)
    fig.update_layout(barmode="group")
    largest = frame[["new_brands", "new_plaintiffs", "new_law_firms"]].to_numpy().max() if len(frame) else 0
    fig.update_yaxes(
        title_text=column_label(lang, "newcomers", AREA), tickformat=",d", dtick=count_tick(largest), secondary_y=False
    )
    fig.update_yaxes(
        title_text=column_label(lang, "active_brands", AREA), tickformat=",d", showgrid=False, secondary_y=True
    )
    fig.update_xaxes(tickformat="%Y-%m", dtick="M1" if len(frame) <= 18 else "M3")
    return fig


def _visible_days(curves: pd.DataFrame) -> float:
    """Where the x axis can stop: each group's curve has reached 98 % of its final height."""
    ends = []
    for _, part in curves.groupby("group", sort=False):
        final = part["reached"].iloc[-1]
        if final <= 0:
            continue
        ends.append(float(part.loc[part["reached"] >= 0.98 * final, "days"].iloc[0]))
    return max(ends) * 1.1 + 5 if ends else float(curves["days"].max() or 1)


@memoised_figure
def km_curves(curves: pd.DataFrame, *, lang: str, title: str) -> go.Figure:
    """Share of matters that reached the milestone by day since filing (1 - Kaplan–Meier), a
    step line per group (column ``name``) with its 95 % log-log band; rows of
    lifecycle.kaplan_meier_groups with a ``group`` column."""
    fig = go.Figure()
    for index, (_, part) in enumerate(curves.groupby("group", sort=False)):
        colour = SERIES_COLOURS[index % len(SERIES_COLOURS)]
        start = pd.DataFrame({"days": [0.0], "reached": [0.0], "reached_lower": [0.0], "reached_upper": [0.0]})
        line = pd.concat([start, part[["days", "reached", "reached_lower", "reached_upper"]]], ignore_index=True)
        name = str(part["name"].iloc[0])
        fig.add_trace(
            go.Scatter(
                x=line["days"],
                y=line["reached_upper"],
                mode="lines",
                line={"width": 0, "shape": "hv"},
                showlegend=False,
                hoverinfo="skip",
                legendgroup=name,
            )
        )
        fig.add_trace(
            go.Scatter(
                x=line["days"],
                y=line["reached_lower"],
                mode="lines",
                line={"width": 0, "shape": "hv"},
                fill="tonexty",
                fillcolor=_rgba(colour, 0.15),
                showlegend=False,
                hoverinfo="skip",
                legendgroup=name,
            )
        )
        fig.add_trace(
            go.Scatter(
                x=line["days"],
                y=line["reached"],
                mode="lines",
                name=name,
                legendgroup=name,
                line={"color": colour, "width": 2.5, "shape": "hv"},
                hovertemplate=f"{name}<br>%{{x:.0f}} {column_label(lang, 'days', AREA)}: %{{y:.0%}}<extra></extra>",
            )
        )
    fig = base_layout(fig, title, height=460)
    fig.update_layout(
        hovermode="closest", legend={"orientation": "h", "x": 0, "xanchor": "left", "y": -0.18, "yanchor": "top"}
    )
    fig.update_yaxes(title_text=column_label(lang, "reached_share", AREA), tickformat=".0%", range=[0, 1.02])
    fig.update_xaxes(
        title_text=column_label(lang, "days_since_filing", AREA), range=[0, _visible_days(curves)], showgrid=True
    )
    return fig


@memoised_figure
def incidence_areas(cif: pd.DataFrame, *, lang: str, title: str, causes: Sequence[str]) -> go.Figure:
    """Stacked areas of the cumulative incidence of each outcome plus the share still pending,
    by day since filing (rows of lifecycle.cumulative_incidence); the stack is 100 % everywhere."""
    fig = go.Figure()
    for cause in [*causes, "pending"]:
        fig.add_trace(
            go.Scatter(
                x=cif["days"],
                y=cif[cause],
                name=t(f"lifecycle.outcome.{cause}", lang),
                mode="lines",
                stackgroup="outcomes",
                line={"width": 0.5, "color": OUTCOME_COLOURS[cause], "shape": "hv"},
                fillcolor=OUTCOME_COLOURS[cause],
                hovertemplate="%{x:.0f}: %{y:.1%}<extra>%{fullData.name}</extra>",
            )
        )
    fig = base_layout(fig, title, height=420)
    fig.update_yaxes(title_text=column_label(lang, "share_of_defendants", AREA), tickformat=".0%", range=[0, 1])
    last = float(cif["days"].quantile(0.99)) if len(cif) else 1.0
    fig.update_xaxes(title_text=column_label(lang, "days_since_filing", AREA), range=[0, last])
    return fig
