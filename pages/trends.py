"""Trends: monthly cases and defendant instances with a 3-month moving average and
year-over-year change, a stack by court / platform / IP type / case kind, and newcomers."""

from __future__ import annotations

import streamlit as st

from casewatch.charts import breakdowns as cb
from casewatch.i18n import column_label, column_labels, t
from casewatch.ui import blocks, context, crossfilter, page_links

# user's choice -> (trends/stacked $dimension, global filter it sets when clicked); an allow-list
STACKS = {"court": ("court", "court"), "platform": ("platform", "platform"), "ip": ("ip_type", "ip"),
          "kind": ("case_kind", "kind")}
MEASURES = ("defendant_instances", "cases")

ctx = context.current()
lang = ctx.lang
st.title(t("trends.title", lang))
st.caption(ctx.caption())

monthly = ctx.filtered("trends/monthly")
measure = page_links.segmented(
    "series", t("trends.measure", lang), MEASURES, MEASURES[0], format_func=lambda m: column_label(lang, m, cb.AREA)
)
columns = ["month", measure, f"{measure}_ma3", f"{measure}_prev_year", f"{measure}_yoy"]
blocks.chart_block(
    ctx,
    cb.trend_with_average(monthly, lang=lang, title=t(f"trends.monthly.title.{measure}", lang), measure=measure),
    monthly[columns],
    key="trends_monthly",
    columns=column_labels(lang, columns, cb.AREA),
)

choice = page_links.segmented(
    "stack", t("trends.stack", lang), list(STACKS), "court", format_func=lambda s: t(f"trends.stack.{s}", lang)
)
dimension, filter_name = STACKS[choice]
stacked = cb.display_names(ctx.filtered("trends/stacked", dimension=dimension, limit=8), "code", lang)
columns = ["month", "code", "name", "defendant_instances", "cases"]
event = blocks.chart_block(
    ctx,
    cb.stacked_bars(stacked, lang=lang, title=t("trends.stacked.title", lang, by=t(f"trends.stack.{choice}", lang)),
                    legend_title=t(f"trends.stack.{choice}", lang)),
    stacked[columns],
    key=f"trends_stacked_{dimension}",
    columns=column_labels(lang, columns, cb.AREA),
    on_select=True,
)
crossfilter.apply_click(event, key=f"trends_stacked_{dimension}", filter_name=filter_name, filters=ctx.filters,
                        to_code=lambda code: None if code in (cb.UNKNOWN, cb.OTHER) else code)

newcomers = ctx.filtered("trends/new_parties")
columns = ["month", "new_brands", "new_plaintiffs", "new_law_firms", "active_brands"]
blocks.chart_block(
    ctx, cb.newcomers(newcomers, lang=lang, title=t("trends.newcomers.title", lang)), newcomers[columns],
    key="trends_newcomers", columns=column_labels(lang, columns, cb.AREA),
)
st.caption(t("trends.newcomers.help", lang))
