"""Parties: leaderboards of plaintiffs/brands and of law firms, and a dossier of one of them
(``?by=brand|law_firm&party=NAME``): its cases over time, the sectors and cities it hits, its
counterparts and the members affected."""

from __future__ import annotations

import streamlit as st

from casewatch import charts
from casewatch.charts import breakdowns as cb
from casewatch.charts.overview import monthly_trend, ranked_bars
from casewatch.i18n import column_labels, t
from casewatch.report.kpi import Kpi
from casewatch.ui import blocks, context, crossfilter, page_links
from casewatch.ui.literal import literal

# leaderboard kind -> (global filter a click sets, Filters attribute, the other kind)
KINDS = {"brand": ("brand", "brands", "law_firm"), "law_firm": ("firm", "firms", "brand")}
BOARD = ["party", "plaintiff", "counterparts", "cases", "defendant_instances", "members_affected",
         "prev_defendant_instances", "growth", "default_share", "cases_with_tro", "median_days_to_tro",
         "cases_with_pi", "median_days_to_pi"]
KPIS = (("cases", "count"), ("defendant_instances", "count"), ("members_affected", "count"),
        ("frozen_usd", "usd"), ("default_share", "share"))

ctx = context.current()
lang = ctx.lang
st.title(t("parties.title", lang))
st.caption(ctx.caption())

page_links.seed("party", [], None, free_text=True)
by = page_links.segmented(
    "by", t("parties.by", lang), list(KINDS), "brand", format_func=lambda k: t(f"parties.by.{k}", lang)
)
if st.session_state.setdefault("_parties_by_seen", by) != by:
    st.session_state["_parties_by_seen"] = by
    st.session_state["party"] = None  # a brand's dossier does not carry over to the law firms
filter_name, attr, other = KINDS[by]
columns = [c for c in BOARD if by == "brand" or c != "plaintiff"]  # a firm has no plaintiff of its own
board_labels = {**column_labels(lang, BOARD, cb.AREA), "counterparts": t(f"parties.counterparts.{by}", lang)}
previous = ctx.filters.previous_period()
period = {"prev_from": previous.date_from, "prev_to": previous.date_to}
board = ctx.filtered("parties/leaderboard", by=by, limit=25, **period)
event = blocks.chart_block(
    ctx,
    ranked_bars(board.head(15), label="party", value="defendant_instances", lang=lang,
                       title=t(f"parties.board.title.{by}", lang), customdata="party"),
    board[columns],
    key=f"parties_board_{by}",
    columns=board_labels,
    on_select=True,
)
crossfilter.apply_click(event, key=f"parties_board_{by}", filter_name=filter_name, filters=ctx.filters)
table = st.dataframe(board[columns], hide_index=True, on_select="rerun", selection_mode="single-row",
                     key=f"parties_table_{by}",
                     column_config={**board_labels,
                                    "growth": st.column_config.NumberColumn(board_labels["growth"], format="percent"),
                                    "default_share": st.column_config.NumberColumn(board_labels["default_share"],
                                                                                   format="percent")})
st.caption(t("parties.board.help", lang, start=previous.date_from, end=previous.date_to))
rows = table.selection.rows
picked = crossfilter.fresh(f"parties_table_{by}", str(board["party"].iloc[rows[0]]) if rows else None)
if picked:
    st.session_state["party"] = picked  # a row picked in the leaderboard opens its dossier

st.divider()
chosen = getattr(ctx.filters, attr)
if len(chosen) == 1 and st.session_state.get("party") is None:
    st.session_state["party"] = chosen[0]  # a party picked by filter opens its dossier
linked = [st.session_state["party"]] if st.session_state.get("party") else []
options = list(dict.fromkeys([*linked, *chosen, *board["party"]]))
party = st.selectbox(t(f"parties.dossier.pick.{by}", lang), options, key="party", accept_new_options=True,
                     placeholder=t("parties.dossier.placeholder", lang))
page_links.mirror("party", party, None)
if not party:
    st.info(t("parties.dossier.hint", lang), icon=":material/person_search:")
    st.stop()

st.header(t(f"parties.dossier.title.{by}", lang, party=literal(party)))
dossier = ctx.filters.with_values(**{attr: (party,)})
now = ctx.filtered("overview/kpis", dossier).iloc[0]
before = ctx.filtered("overview/kpis", dossier.previous_period()).iloc[0]
blocks.kpi_row([Kpi.of(name, kind, now[name], before[name]) for name, kind in KPIS], lang, area="overview",
               help_text=t("overview.kpi.delta_help", lang, start=previous.date_from, end=previous.date_to))

monthly = ctx.filtered("trends/monthly", dossier)
columns = ["month", "cases", "defendant_instances", "members_affected"]
blocks.chart_block(ctx, monthly_trend(monthly, lang, t("parties.dossier.monthly", lang)), monthly[columns],
                   key="parties_dossier_monthly", columns=column_labels(lang, columns, cb.AREA))

left, right = st.columns(2)
with left:
    sectors = cb.display_names(ctx.filtered("overview/top_sectors", dossier, limit=12), "sector_code", lang)
    columns = ["sector_code", "name", "defendant_instances", "members_affected", "cases"]
    blocks.chart_block(
        ctx, ranked_bars(sectors, label="name", value="defendant_instances", lang=lang,
                                title=t("parties.dossier.sectors", lang), color=charts.PALETTE[2]),
        sectors[columns], key="parties_dossier_sectors", columns=column_labels(lang, columns, cb.AREA),
    )
with right:
    cities = cb.display_names(ctx.filtered("overview/top_cities", dossier, limit=12), "city_code", lang)
    columns = ["city_code", "name", "in_guangdong", "defendant_instances", "members_affected", "cases"]
    blocks.chart_block(
        ctx, ranked_bars(cities, label="name", value="defendant_instances", lang=lang,
                                title=t("parties.dossier.cities", lang)),
        cities[columns], key="parties_dossier_cities", columns=column_labels(lang, columns, cb.AREA),
    )

counterparts = ctx.filtered("parties/leaderboard", dossier, by=other, limit=25,
                            prev_from=dossier.previous_period().date_from, prev_to=dossier.previous_period().date_to)
blocks.chart_block(
    ctx, ranked_bars(counterparts, label="party", value="defendant_instances", lang=lang,
                            title=t(f"parties.dossier.counterparts.{other}", lang), color=charts.PALETTE[4]),
    counterparts[[c for c in BOARD if other == "brand" or c != "plaintiff"]], key="parties_dossier_counterparts",
    columns={**column_labels(lang, BOARD, cb.AREA), "counterparts": t(f"parties.counterparts.{other}", lang)},
)

if ctx.scope.role == "analyst":  # member by member: not for leadership (parties/members_hit refuses it)
    members = cb.display_names(ctx.filtered("parties/members_hit", dossier, limit=500), "member_id", lang)
    columns = ["member_id", "name", "city_code", "sector_code", "cases", "defendant_instances", "first_filed_on",
               "last_filed_on", "defaults", "settled", "dismissed", "pending"]
    blocks.chart_block(
        ctx, ranked_bars(members.head(15), label="name", value="defendant_instances", lang=lang,
                                title=t("parties.dossier.members", lang, count=len(members)), color=charts.PALETTE[3]),
        members[columns], key="parties_dossier_members", columns=column_labels(lang, columns, cb.AREA),
    )
else:
    st.caption(t("parties.dossier.members_staff_only", lang))
