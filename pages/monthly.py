"""Monthly brief: pick a month; KPIs with month-over-month and year-over-year change, summary,
trend, top movers, waves, members newly affected (counted by city for leadership, named for
analysts, who may switch to the leadership brief), and the PDF / HTML / XLSX of the same brief.
The current month is a brief month to date, said so under its title."""

from __future__ import annotations

import streamlit as st

from casewatch import report
from casewatch.i18n import t
from casewatch.report.charts import MOVER_COLOURS, movers_figure, trend_figure
from casewatch.ui import blocks, context, page_links
from casewatch.ui.literal import literal

ctx = context.current()
lang = ctx.lang
st.title(t("report.title", lang))

months, default = report.available_months(ctx.query, ctx.today)
asked = st.query_params.get("month")
if st.session_state.get("report_month") not in months:
    st.session_state["report_month"] = next((m for m in months if f"{m:%Y-%m}" == asked), default)
picker, *download_columns = st.columns([2, 1, 1, 1], vertical_alignment="bottom")
month = picker.selectbox(
    t("report.picker", lang),
    months,
    key="report_month",
    format_func=lambda m: f"{m:%Y-%m}",
    help=t("report.picker_help", lang),
)
st.query_params["month"] = f"{month:%Y-%m}"

# leadership reads the brief that counts members; an analyst the one that names them, or the
# leadership one to preview and send on (?audience=leadership)
audience = report.audience_for(ctx.scope.role)
if audience == "analyst":
    audience = page_links.segmented(
        "audience", t("report.audience", lang), report.AUDIENCES, "analyst",
        format_func=lambda a: t(f"report.audience.{a}", lang), help_text=t("report.audience_help", lang),
    )  # fmt: skip
brief = report.build_brief(ctx.query, month, ctx.filters, ctx.vocabulary, audience=audience, today=ctx.today)
tables = report.month_tables(brief, lang)
for column, fmt in zip(download_columns, report.FORMATS, strict=True):
    column.download_button(
        t(f"report.download.{fmt}", lang),
        data=lambda fmt=fmt: report.render(brief, fmt, lang),  # built on click, from this same brief
        file_name=report.file_name(brief, fmt, lang),
        mime=report.MIME[fmt],
        key=f"monthly_download_{fmt}",
        icon=":material/download:",
        on_click="ignore",
        width="stretch",
    )
st.subheader(brief.title(lang))
st.caption("  \n".join(literal(line) for line in brief.meta_lines(lang)))
partial_note = brief.partial_note(lang)
if partial_note:
    st.warning(literal(partial_note), icon=":material/event_upcoming:")

help_text = brief.kpi_help(lang)
for column, kpi in zip(st.columns(len(brief.kpis)), brief.kpis, strict=True):
    mom = report.format_change(kpi.mom)
    column.metric(
        t(f"report.kpi.{kpi.key}", lang),
        kpi.shown_compact(kpi.value, lang),
        None if kpi.mom is None else f"{mom} {t('report.mom', lang)}",
        delta_color="inverse",  # more litigation is bad news
        help=help_text,
        border=True,
    )
    column.caption(
        f"{t('report.mom', lang)} {mom} ({kpi.shown_compact(kpi.previous, lang)}) · "
        f"{t('report.yoy', lang)} {report.format_change(kpi.yoy)} ({kpi.shown_compact(kpi.year_ago, lang)})"
    )

st.subheader(t("report.section.summary", lang))
st.markdown(literal(report.summary(brief, lang)))

st.subheader(t("report.section.trend", lang))
blocks.chart_block(ctx, trend_figure(brief, lang), tables["trend"], key="monthly_trend")

st.subheader(t(f"report.section.movers{brief.mtd_suffix}", lang))
for pair in (report.DIMENSIONS[:2], report.DIMENSIONS[2:]):
    for column, dimension in zip(st.columns(2), pair, strict=True):
        movers = brief.movers_of(dimension)
        name = t(f"report.dimension.{dimension}", lang)
        with column:
            if movers.empty:
                st.info(t(f"report.movers.none{brief.mtd_suffix}", lang, dimension=name))
                continue
            title = t("report.movers.title", lang, dimension=name)
            figure = movers_figure(movers, lang, title, MOVER_COLOURS[dimension], month_to_date=brief.month_to_date)
            moved = tables["movers"][brief.movers["dimension"] == dimension]
            blocks.chart_block(ctx, figure, moved, key=f"monthly_movers_{dimension}")

st.subheader(t("report.section.waves", lang))
if "waves" not in tables:
    st.info(t("report.waves.unavailable", lang))
elif tables["waves"].empty:
    st.info(t("report.waves.none", lang))
else:
    st.dataframe(tables["waves"], hide_index=True)

st.subheader(t("report.section.new_members", lang))
if tables["new_members"].empty:
    st.info(t("report.new_members.none", lang))
else:
    st.dataframe(tables["new_members"], hide_index=True)
