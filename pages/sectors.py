"""Sectors: sector -> subsector treemap, sector x IP type heat map, top brands of a sector and
monthly small multiples. Clicking a rectangle, a brand or a panel's bar filters to it."""

from __future__ import annotations

import streamlit as st

from casewatch import charts
from casewatch.charts import breakdowns as cb
from casewatch.charts.overview import ranked_bars
from casewatch.i18n import column_labels, t
from casewatch.ui import blocks, context, crossfilter

ctx = context.current()
lang = ctx.lang
st.title(t("sectors.title", lang))
st.caption(ctx.caption())

tree = cb.display_names(ctx.filtered("sectors/tree"), "sector_code", lang)
tree = cb.display_names(tree, "sector_top", lang, prefix="top_name", into="top")
columns = ["sector_top", "top", "sector_code", "name", "defendant_instances", "members_affected", "cases"]
event = blocks.chart_block(
    ctx, cb.treemap(tree, lang=lang, title=t("sectors.treemap.title", lang)), tree[columns],
    key="sectors_treemap", columns=column_labels(lang, columns, cb.AREA), on_select=True,
)
crossfilter.apply_click(event, key="sectors_treemap", filter_name="sector", filters=ctx.filters,
                        field="id", to_code=cb.treemap_code)

matrix = cb.display_names(ctx.filtered("sectors/ip_matrix"), "sector_top", lang, into="sector")
matrix = cb.display_names(matrix, "ip_type", lang, prefix="ip_name", into="ip")
columns = ["sector_top", "sector", "ip_type", "ip", "defendant_instances", "cases"]
blocks.chart_block(
    ctx, cb.heatmap(matrix, lang=lang, title=t("sectors.heatmap.title", lang)), matrix[columns],
    key="sectors_heatmap", columns=column_labels(lang, columns, cb.AREA),
)

left, right = st.columns([2, 3])
with left:
    top_brands = cb.display_names(ctx.filtered("sectors/top_brands", limit=10), "sector_top", lang, into="sector")
    sectors = list(dict.fromkeys(top_brands["sector_top"]))  # ordered by sector_rank
    names = dict(zip(top_brands["sector_top"], top_brands["sector"], strict=False))
    chosen = st.selectbox(t("sectors.brands.sector", lang), sectors, format_func=lambda c: names.get(c, c),
                          key="sectors_brand_sector") if sectors else None
    brands = top_brands[top_brands["sector_top"] == chosen]
    columns = ["sector_top", "sector", "rank", "brand", "plaintiff", "cases", "defendant_instances", "members_affected"]
    event = blocks.chart_block(
        ctx,
        ranked_bars(brands, label="brand", value="defendant_instances", lang=lang,
                           title=t("sectors.brands.title", lang, sector=names.get(chosen, "")),
                           customdata="brand", color=charts.PALETTE[1]),
        top_brands[columns],
        key="sectors_brands",
        columns=column_labels(lang, columns, cb.AREA),
        on_select=True,
    )
    crossfilter.apply_click(event, key="sectors_brands", filter_name="brand", filters=ctx.filters)
with right:
    monthly = cb.display_names(ctx.filtered("sectors/monthly", limit=9), "sector_top", lang)
    columns = ["month", "sector_top", "name", "rank", "defendant_instances", "cases", "members_affected"]
    event = blocks.chart_block(
        ctx, cb.small_multiples(monthly, lang=lang, title=t("sectors.monthly.title", lang)), monthly[columns],
        key="sectors_monthly", columns=column_labels(lang, columns, cb.AREA), on_select=True,
    )
    crossfilter.apply_click(event, key="sectors_monthly", filter_name="sector", filters=ctx.filters)
