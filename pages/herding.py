"""Herding radar: waves building or past, the herding heat map, co-defendant cohorts, late
followers, the risk-brand list, and coordination rosters (CSV/XLSX) for a wave, a cohort or a case.
Reads only the herding cache; a stale or missing cache is announced with a recompute button."""

from __future__ import annotations

import streamlit as st

from casewatch.i18n import t
from casewatch.ui import blocks, context
from casewatch.ui import herding_views as views

ctx = context.current()
lang = ctx.lang
st.title(t("herding.title", lang))
st.caption(ctx.caption())
st.caption(t("herding.scope_note", lang))

status = views.cache_gate(ctx)
if status is None or status.run_id is None:
    st.stop()
run = status.run_id

summary = ctx.query("herding/summary", run=run).iloc[0]
blocks.kpi_row(
    [
        blocks.Kpi(t(f"herding.kpi.{name}", lang), summary[name], None)
        for name in ("active_waves", "waves", "cohort_suits", "cohorts", "late_followers", "risk_brands")
    ],
    help_text=t("herding.kpi.help", lang),
)

tabs = st.tabs(
    [t(f"herding.tab.{name}", lang) for name in ("waves", "heat", "cohorts", "late", "risk", "case")],
)
with tabs[0]:
    views.waves_section(ctx, run)
with tabs[1]:
    views.heat_section(ctx, run)
with tabs[2]:
    views.cohorts_section(ctx, run)
with tabs[3]:
    views.late_section(ctx, run)
with tabs[4]:
    views.risk_section(ctx, run)
with tabs[5]:
    views.case_section(ctx)
