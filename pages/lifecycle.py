"""Lifecycle: Kaplan–Meier curves from filing to TRO, PI, default judgment and closing (95 %
bands, open matters censored at the data cut-off), split by court, law firm or IP type; and the
defendants' competing outcomes as cumulative incidence."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from casewatch import lifecycle
from casewatch.charts import breakdowns as cb
from casewatch.i18n import column_label, column_labels, t
from casewatch.ui import blocks, context, page_links

MILESTONES = lifecycle.MILESTONES
# user's choice -> lifecycle/milestones $split (an allow-list) and the vocabulary naming its values
SPLITS = {"none": None, "court": "court", "law_firm": None, "ip_type": "ip_type"}
CHECKPOINTS = (30, 60, 90, 180, 365)

ctx = context.current()
lang = ctx.lang
st.title(t("lifecycle.title", lang))
st.caption(ctx.caption())

cutoff = ctx.query("lifecycle/cutoff").iloc[0, 0]
if pd.isna(cutoff):
    st.info(t("block.no_data", lang))
    st.stop()
cutoff = pd.Timestamp(cutoff).date()
st.caption(t("lifecycle.cutoff", lang, cutoff=cutoff.isoformat()))

left, right = st.columns(2)
milestone = page_links.segmented(
    "milestone", t("lifecycle.milestone", lang), MILESTONES, "tro",
    format_func=lambda m: t(f"lifecycle.milestone.{m}", lang), where=left,
)  # fmt: skip
split = page_links.segmented(
    "split", t("lifecycle.split", lang), list(SPLITS), "none",
    format_func=lambda s: t(f"lifecycle.split.{s}", lang), where=right,
)  # fmt: skip

counts = ctx.filtered("lifecycle/milestones", split=split, limit=6, cutoff=cutoff)
domain = SPLITS[split]
names = cb.group_names(counts["grp"], lang, lambda code: ctx.vocabulary.label(domain, code, lang),
                       everything=t("lifecycle.all_cases", lang))
curves = lifecycle.kaplan_meier_groups(counts[counts["milestone"] == milestone], ["grp"])
curves = curves.rename(columns={"grp": "group"}).assign(name=lambda f: f["group"].map(names))
columns = ["name", "days", "at_risk", "events", "censored", "survival", "lower", "upper"]
blocks.chart_block(
    ctx,
    cb.km_curves(curves, lang=lang, title=t("lifecycle.km.title", lang, milestone=t(f"lifecycle.milestone.{milestone}",
                                                                                    lang))),
    curves[columns],
    key=f"lifecycle_km_{milestone}",
    columns=column_labels(lang, columns, cb.AREA),
)

grid = lifecycle.median_grid(counts)
grid.index = [names[code] for code in grid.index]
st.subheader(t("lifecycle.medians.title", lang))
st.dataframe(grid, column_config={"_index": t("lifecycle.split", lang),
                                  **{m: st.column_config.NumberColumn(t(f"lifecycle.milestone.{m}", lang), format="%d")
                                     for m in grid.columns}})
st.caption(t("lifecycle.medians.help", lang))

outcomes = ctx.filtered("lifecycle/outcomes", cutoff=cutoff)
cif = lifecycle.cumulative_incidence(outcomes)
st.subheader(t("lifecycle.outcomes.title", lang))
blocks.chart_block(
    ctx,
    cb.incidence_areas(cif, lang=lang, title=t("lifecycle.outcomes.chart", lang), causes=lifecycle.CAUSES),
    cif,
    key="lifecycle_outcomes",
    columns=column_labels(lang, list(cif.columns), cb.AREA),
)
at = lifecycle.incidence_at(cif, CHECKPOINTS)
st.dataframe(at.rename(columns=column_labels(lang, list(at.columns), cb.AREA)), hide_index=True,
             column_config={column_label(lang, c, cb.AREA): st.column_config.NumberColumn(format="percent")
                            for c in [*lifecycle.CAUSES, "pending"]})
st.caption(t("lifecycle.outcomes.help", lang))
