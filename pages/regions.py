"""Regions: Guangdong's 21 cities on a map by a chosen measure, sellers elsewhere as bars, and a
click on a city filters to it and shows its districts and monthly trend."""

from __future__ import annotations

import streamlit as st

from casewatch import charts, geo
from casewatch.charts import breakdowns as cb
from casewatch.charts.overview import monthly_trend, ranked_bars
from casewatch.i18n import column_label, column_labels, t
from casewatch.ui import blocks, context, crossfilter, page_links
from casewatch.ui.literal import literal

MEASURES = ("defendant_instances", "members_affected", "members_affected_per_100", "location_quotient")
CITY_COLUMNS = ["city_code", "name", "in_guangdong", *MEASURES, "cases", "members"]

ctx = context.current()
lang = ctx.lang
st.title(t("regions.title", lang))
st.caption(ctx.caption())

measure = page_links.segmented(
    "measure", t("regions.measure", lang), MEASURES, MEASURES[0], format_func=lambda m: column_label(lang, m, cb.AREA)
)
st.caption(t(f"regions.measure_help.{measure}", lang))

cities = cb.display_names(ctx.filtered("regions/cities"), "city_code", lang)
guangdong = cities[cities["in_guangdong"]]
event = blocks.chart_block(
    ctx,
    cb.choropleth(guangdong, geo.guangdong_cities(), value=measure, lang=lang, title=t("regions.map.title", lang),
                  selected=ctx.filters.cities),
    guangdong[CITY_COLUMNS],
    key="regions_map",
    columns=column_labels(lang, CITY_COLUMNS, cb.AREA),
    on_select=True,
)
st.caption(t("regions.map.source", lang, source=geo.source_note()))
crossfilter.apply_click(event, key="regions_map", filter_name="city", filters=ctx.filters)

elsewhere = cities[~cities["in_guangdong"]]
st.subheader(t("regions.elsewhere.title", lang))
if elsewhere.empty:
    st.info(t("regions.elsewhere.none", lang))
else:
    event = blocks.chart_block(
        ctx,
        ranked_bars(elsewhere, label="name", value="defendant_instances", lang=lang,
                           title=t("regions.elsewhere.chart", lang), customdata="city_code", color=charts.PALETTE[5]),
        elsewhere[[*CITY_COLUMNS[:5], "cases"]],
        key="regions_elsewhere",
        columns=column_labels(lang, CITY_COLUMNS, cb.AREA),
        on_select=True,
    )
    crossfilter.apply_click(event, key="regions_elsewhere", filter_name="city", filters=ctx.filters)

if len(ctx.filters.cities) == 1:
    city = ctx.filters.cities[0]
    st.subheader(t("regions.city.title", lang, city=literal(ctx.vocabulary.label("city", city, lang))))
    crossfilter.clear_button(t("regions.city.clear", lang), filter_name="city", key="regions_clear_city")
    left, right = st.columns(2)
    with left:
        districts = cb.display_names(ctx.filtered("regions/districts", city=city), "district", lang)
        columns = ["district", "name", "defendant_instances", "members_affected", "cases", "members",
                   "members_affected_per_100"]
        blocks.chart_block(
            ctx,
            ranked_bars(districts.head(15), label="name", value="defendant_instances", lang=lang,
                               title=t("regions.districts.title", lang)),
            districts[columns],
            key="regions_districts",
            columns=column_labels(lang, columns, cb.AREA),
        )
    with right:
        monthly = ctx.filtered("trends/monthly")
        columns = ["month", "cases", "defendant_instances", "members_affected", "defendant_instances_ma3"]
        blocks.chart_block(
            ctx,
            monthly_trend(monthly, lang, t("regions.city.monthly", lang)),
            monthly[columns],
            key="regions_city_monthly",
            columns=column_labels(lang, columns, cb.AREA),
        )
else:
    st.info(t("regions.city.hint", lang), icon=":material/touch_app:")
