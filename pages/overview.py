"""Overview: KPI row with change against the previous period, monthly trend, top cities/sectors/brands."""

from __future__ import annotations

import streamlit as st

from casewatch import charts
from casewatch.charts.overview import monthly_trend
from casewatch.i18n import t
from casewatch.report.kpi import Kpi
from casewatch.ui import blocks, context

ctx = context.current()
lang = ctx.lang
approximate = ctx.scope.sees_perturbed  # a member's figures carry cell-key noise (docs/privacy.md)
st.title(t("overview.title", lang))
st.caption(ctx.caption())

KPIS = (
    ("cases", "count"),
    ("defendant_instances", "count"),
    ("members_affected", "count"),
    ("frozen_usd", "usd"),
    ("default_share", "share"),
)
previous = ctx.filters.previous_period()
now = ctx.filtered("overview/kpis").iloc[0]
before = ctx.filtered("overview/kpis", previous).iloc[0]
blocks.kpi_row(
    [Kpi.of(name, kind, now[name], before[name], approximate=approximate) for name, kind in KPIS],
    lang,
    area="overview",
    help_text=t("overview.kpi.delta_help", lang, start=previous.date_from, end=previous.date_to),
)

monthly = ctx.filtered("overview/monthly")
blocks.chart_block(
    ctx,
    lambda: monthly_trend(monthly, lang, t("overview.monthly.title", lang), approximate=approximate),
    monthly,
    key="overview_monthly",
    columns=blocks.column_labels(lang, list(monthly.columns), approximate=approximate),
)

left, middle, right = st.columns(3)
with left:
    cities = blocks.with_names(ctx.filtered("overview/top_cities", limit=12), "city_code", "city", lang)
    blocks.ranked_block(
        ctx,
        cities,
        label="city",
        code="city_code",
        title=t("overview.cities.title", lang),
        key="overview_cities",
        approximate=approximate,
    )
with middle:
    sectors = blocks.with_names(ctx.filtered("overview/top_sectors", limit=12), "sector_code", "sector", lang)
    blocks.ranked_block(
        ctx,
        sectors,
        label="sector",
        code="sector_code",
        title=t("overview.sectors.title", lang),
        key="overview_sectors",
        color=charts.PALETTE[2],
        approximate=approximate,
    )
with right:
    brands = ctx.filtered("overview/top_brands", limit=12)
    blocks.ranked_block(
        ctx,
        brands,
        label="brand",
        code="plaintiff",
        title=t("overview.brands.title", lang),
        key="overview_brands",
        color=charts.PALETTE[1],
        approximate=approximate,
    )
