"""Reusable page blocks: the KPI row and the chart + data table + CSV download block."""

from __future__ import annotations

import functools
from collections.abc import Callable, Mapping, Sequence

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from casewatch import charts
from casewatch.charts.overview import ranked_bars
from casewatch.export import csv_bytes, file_name
from casewatch.i18n import column_labels as i18n_column_labels
from casewatch.i18n import name_of, t
from casewatch.report.kpi import Kpi
from casewatch.ui import first_paint
from casewatch.ui.context import PageContext


def card_value(kpi: Kpi, lang: str) -> str:
    """A KPI card's figure: dollars from a million compacted in the language's units ($96.5M,
    $9,650万) so that the value fits a fifth of the page width, as on the monthly brief's cards;
    counts and shares exact."""
    return kpi.shown_compact(kpi.value, lang, from_value=1e6) if kpi.kind == "usd" else kpi.shown()


def kpi_row(kpis: Sequence[Kpi], lang: str, *, area: str, help_text: str | None = None) -> None:
    """One card per KPI, labelled ``<area>.kpi.<key>``, with its change against the previous period.
    CaseWatch's KPIs count litigation (cases, defendants, members sued, frozen amounts, default
    judgments): a rise is bad news and shows in the warning colour, a fall in the good one."""
    for column, kpi in zip(st.columns(len(kpis)), kpis, strict=True):
        column.metric(
            t(f"{area}.kpi.{kpi.key}", lang),
            card_value(kpi, lang),
            kpi.change(lang),
            delta_color="inverse",
            help=help_text,
            border=True,
        )


# Tests that read every table a page can show (AppTest cannot click an expander open) set this
# session key; no widget of the app sets it.
TABLES_OPEN = "casewatch_tables_open"


def chart_block(
    ctx: PageContext,
    figure: go.Figure | Callable[[], go.Figure],
    table: pd.DataFrame,
    *,
    key: str,
    columns: Mapping[str, str] | None = None,
    on_select: bool = False,
) -> object:
    """A chart with its data table and a CSV download one click away; returns the selection state.
    ``figure`` may be its builder, called only when the chart is drawn: a fresh session's first
    runs draw placeholders (casewatch.ui.first_paint) and build no figure for them."""
    if table.empty:
        st.info(t("block.no_data", ctx.lang))
        return None
    if not ctx.screen.draws_chart():
        first_paint.placeholder()
        return None
    drawn = figure if isinstance(figure, go.Figure) else figure()
    event = st.plotly_chart(
        charts.inert(drawn),  # text from the data shows as typed
        key=f"chart_{key}",
        on_select="rerun" if on_select else "ignore",
        selection_mode=("points",),
        config={"displaylogo": False},
    )
    shown = table.rename(columns=dict(columns or {}))
    # the table is drawn once its expander is opened (that reruns): most views of a chart never
    # open it, and a fresh page's charts came 0.1 s sooner without four hidden grids (issue 27)
    with st.expander(t("block.table", ctx.lang), key=f"table_{key}", on_change="rerun") as box:
        if box.open or st.session_state.get(TABLES_OPEN):
            st.dataframe(shown, hide_index=True)
    st.download_button(
        t("block.download_csv", ctx.lang),
        # written when clicked (on a server thread), from the frame shown now: most views of a
        # chart are never downloaded
        data=functools.partial(csv_bytes, shown),
        file_name=file_name(key, "csv", filters=ctx.filters, version=ctx.data_version, member_id=ctx.scope.member_id),
        mime="text/csv",
        key=f"download_{key}",
        icon=":material/download:",
        on_click="ignore",
    )
    return event


# Columns of the overview's aggregates that reach members perturbed (docs/privacy.md).
PERTURBED_COLUMNS = frozenset({"cases", "defendant_instances", "members_affected", "frozen_usd", "default_share"})


def column_labels(lang: str, names: list[str] | tuple[str, ...], *, approximate: bool = False) -> dict[str, str]:
    """Table headers for result columns (``i18n.column_labels``); ``approximate``: the perturbed
    columns' headers start with "≈"."""
    marked = PERTURBED_COLUMNS if approximate else frozenset()
    return {name: ("≈ " if name in marked else "") + label for name, label in i18n_column_labels(lang, names).items()}


def ranked_block(
    ctx: PageContext,
    ranked: pd.DataFrame,
    *,
    label: str,
    code: str,
    title: str,
    key: str,
    value: str = "defendant_instances",
    color: str = charts.PALETTE[0],
    on_select: bool = False,
    approximate: bool = False,
) -> object:
    """Ranked horizontal bars with their table; ``code`` is carried for click-to-filter;
    ``approximate``: perturbed counts, marked "≈" on the bars and in the table's headers."""
    figure = functools.partial(
        ranked_bars,
        ranked,
        label=label,
        value=value,
        lang=ctx.lang,
        title=title,
        customdata=code,
        color=color,
        approximate=approximate,
    )
    names = list(dict.fromkeys([label, code, *[c for c in ranked.columns if c not in (label, code)]]))
    columns = column_labels(ctx.lang, names, approximate=approximate)
    return chart_block(ctx, figure, ranked[names], key=key, columns=columns, on_select=on_select)


def with_names(frame: pd.DataFrame, code: str, into: str, lang: str) -> pd.DataFrame:
    """Adds column ``into``: name_zh/name_en of each row (the code where no name is known)."""
    named = frame.copy()
    named[into] = [name_of(row, lang) or str(row[code]) for row in frame.to_dict("records")]
    return named.drop(columns=[c for c in ("name_zh", "name_en") if c in named.columns])
