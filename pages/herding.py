"""Herding radar: waves building or past, the herding heat map, co-defendant cohorts, late
followers, the risk-brand list, and coordination rosters (CSV/XLSX) for a wave, a cohort or a case.
Reads only the herding cache; a stale or missing cache is announced with a recompute button."""

from __future__ import annotations

import streamlit as st

from casewatch.i18n import t
from casewatch.report.kpi import Kpi
from casewatch.ui import blocks, context, page_links
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
        Kpi.of(name, "count", summary[name])
        for name in ("active_waves", "waves", "cohort_suits", "cohorts", "late_followers", "risk_brands")
    ],
    lang,
    area="herding",
    help_text=t("herding.kpi.help", lang),
)

# one section at a time (each reads and draws a good deal at 10M rows), named in the URL: ?section=
SECTIONS = {
    "waves": lambda: views.waves_section(ctx, run, status.settings),
    "heat": lambda: views.heat_section(ctx, run),
    "cohorts": lambda: views.cohorts_section(ctx, run),
    "late": lambda: views.late_section(ctx, run),
    "risk": lambda: views.risk_section(ctx, run),
    "case": lambda: views.case_section(ctx),
}
section = page_links.segmented(
    "section",
    t("herding.section", lang),
    list(SECTIONS),
    "waves",
    format_func=lambda name: t(f"herding.tab.{name}", lang),
    label_shown=False,
)
SECTIONS[section]()
