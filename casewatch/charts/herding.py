"""Charts of the Herding page: pure functions, a DataFrame (+ language) in, a new Figure out."""

from __future__ import annotations

import networkx as nx
import pandas as pd
import plotly.graph_objects as go

from casewatch.charts import PALETTE, base_layout
from casewatch.charts.cache import memoised_figure
from casewatch.charts.overview import ranked_bars
from casewatch.i18n import column_label, t

PATTERN_COLOR = {"wave": PALETTE[3], "cohort": PALETTE[4]}


@memoised_figure
def wave_timeline(waves: pd.DataFrame, lang: str, title: str) -> go.Figure:
    """One horizontal bar per wave from its first month to the end of its last (columns of
    herding/waves plus ``label``); active waves drawn solid, past ones lighter."""
    ordered = waves.sort_values(["start_month", "label"], ascending=[False, True])
    fig = go.Figure()
    for pattern, group in ordered.groupby("pattern", sort=False):
        start = pd.to_datetime(group["start_month"])
        end = pd.to_datetime(group["end_month"]) + pd.offsets.MonthBegin(1)
        fig.add_trace(
            go.Bar(
                base=start,
                x=(end - start).dt.total_seconds() * 1000,
                y=group["label"],
                orientation="h",
                name=t(f"herding.pattern.{pattern}", lang),
                marker={
                    "color": PATTERN_COLOR.get(str(pattern), PALETTE[0]),
                    "opacity": [1.0 if active else 0.45 for active in group["active"]],
                },
                customdata=group[["wave_id", "members_hit"]].to_numpy(),
                hovertemplate="%{y}<br>%{base|%Y-%m} · %{customdata[1]} "
                + t("herding.col.members_hit", lang)
                + "<extra>%{customdata[0]}</extra>",
            )
        )
    # one tick a month (or a quarter, a year over longer spans): plotly's own date ticks fall
    # mid-month over short spans, and written %Y-%m they repeat a month
    first = pd.to_datetime(waves["start_month"]).min()
    last = pd.to_datetime(waves["end_month"]).max()
    span = (last.year - first.year) * 12 + last.month - first.month + 2 if len(waves) else 0
    fig.update_xaxes(type="date", tickformat="%Y-%m", dtick="M1" if span <= 14 else "M3" if span <= 42 else "M12")
    fig.update_yaxes(autorange="reversed", categoryorder="array", categoryarray=list(ordered["label"]))
    fig = base_layout(fig, title, height=max(280, 26 * len(ordered) + 110))
    fig.update_layout(barmode="overlay", hovermode="closest")
    return fig


@memoised_figure
def heat_map(heat: pd.DataFrame, *, value: str, lang: str, title: str) -> go.Figure:
    """Cells (rows, column ``name``) by month (columns), coloured by ``value`` of herding/heat."""
    grid = heat.pivot_table(index="name", columns="month", values=value, aggfunc="sum")
    grid = grid.reindex(sorted(grid.columns), axis=1)
    grid = grid.loc[grid.sum(axis=1, min_count=1).sort_values(ascending=False, na_position="last").index]
    fig = go.Figure(
        go.Heatmap(
            z=grid.to_numpy(),
            x=pd.to_datetime(grid.columns),
            y=list(grid.index),
            colorscale="Oranges" if value != "mean_h" else "RdBu_r",
            zmid=0 if value == "mean_h" else None,
            colorbar={"title": {"text": column_label(lang, value, "herding")}},
            hovertemplate="%{y} · %{x|%Y-%m}: %{z:.3g}<extra></extra>",
            hoverongaps=False,
        )
    )
    fig.update_xaxes(tickformat="%Y-%m")
    fig = base_layout(fig, title, height=max(320, 22 * len(grid) + 120))
    fig.update_layout(hovermode="closest")
    return fig


def bars(
    frame: pd.DataFrame, *, label: str, value: str, lang: str, title: str, reference: float | None = None
) -> go.Figure:
    """Ranked bars (``overview.ranked_bars``) of ``value`` by ``label``, largest on top, labelled to
    two decimals, in thinner rows than the overview's, with an optional reference line."""
    ranked = frame.sort_values(value, ascending=True).iloc[::-1]  # ties keep the order they are drawn in
    fig = ranked_bars(
        ranked,
        label=label,
        value=value,
        lang=lang,
        title=title,
        color=PALETTE[2],
        area="herding",
        decimals=2,
        reference=reference,
    )
    fig.update_layout(height=max(260, 24 * len(ranked) + 90))
    return fig


@memoised_figure
def cohort_network(members: pd.DataFrame, edges: pd.DataFrame, *, lang: str, title: str, seed: int = 7) -> go.Figure:
    """The co-sued graph of one cohort: members (columns member_id, name, city; one colour per
    city) joined by the pairs kept (member_a, member_b, cases, weight; thicker when co-sued more).
    The layout is a seeded spring layout, so the same cohort is drawn the same way every time."""
    graph = nx.Graph()
    graph.add_nodes_from(members["member_id"])
    graph.add_weighted_edges_from(edges[["member_a", "member_b", "weight"]].itertuples(index=False, name=None))
    position = nx.spring_layout(graph, seed=seed, weight="weight")
    fig = go.Figure()
    for width, group in edges.groupby(edges["cases"].clip(upper=8)):
        xs: list[float | None] = []
        ys: list[float | None] = []
        for a, b in group[["member_a", "member_b"]].itertuples(index=False, name=None):
            xs += [position[a][0], position[b][0], None]
            ys += [position[a][1], position[b][1], None]
        fig.add_trace(
            go.Scatter(
                x=xs,
                y=ys,
                mode="lines",
                line={"width": 0.6 + 0.5 * float(width), "color": "#b8c4ce"},
                hoverinfo="skip",
                showlegend=False,
            )
        )
    for index, (city, group) in enumerate(members.groupby("city", sort=True)):
        fig.add_trace(
            go.Scatter(
                x=[position[m][0] for m in group["member_id"]],
                y=[position[m][1] for m in group["member_id"]],
                mode="markers",
                name=str(city),
                marker={"size": 14, "color": PALETTE[index % len(PALETTE)], "line": {"width": 1, "color": "white"}},
                text=group["name"],
                customdata=group["member_id"],
                hovertemplate="%{text}<br>%{customdata}<extra>" + str(city) + "</extra>",
            )
        )
    fig.update_xaxes(visible=False)
    fig.update_yaxes(visible=False, scaleanchor="x")
    fig = base_layout(fig, title, height=460)
    fig.update_layout(hovermode="closest")
    return fig
