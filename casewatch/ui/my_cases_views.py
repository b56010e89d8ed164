"""Widgets of the My cases page: which member (the viewer's own for a member; analysts pick one,
mirrored in the URL as ``member``) and the member's matters with their deadlines and contacts."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from casewatch.alerts import ical
from casewatch.deadlines import ANSWER_DAYS, TRO_DAYS
from casewatch.i18n import name_of, t
from casewatch.ui.context import PageContext

COLUMNS = (
    "next_deadline",
    "days_left",
    "case_id",
    "case_name",
    "plaintiff",
    "brand",
    "store_name",
    "platform",
    "outcome",
    "frozen_usd",
    "settlement_usd",
    "tro_on",
    "tro_expires_on",
    "pi_on",
    "pi_hearing_by",
    "served_on",
    "answer_due_on",
    "contact",
    "contact_email",
    "contact_phone",
)
MEMBER_KEY = "mycases_member"
DATES = ("next_deadline", "tro_on", "tro_expires_on", "pi_on", "pi_hearing_by", "served_on", "answer_due_on")


def member_choice(ctx: PageContext) -> str | None:
    """The member whose cases are shown: always the viewer's own for a member scope (a ``member``
    link parameter cannot change it); for staff, the member picked (``?member=``)."""
    if ctx.scope.role == "member":
        return ctx.scope.member_id
    names = ctx.query("auth/member_names")
    label = dict(zip(names["member_id"], names[f"name_{ctx.lang}"].fillna(names["member_id"]), strict=True))
    if MEMBER_KEY not in st.session_state:  # seeded from the link once (?member=M1)
        linked = st.query_params.get("member")
        st.session_state[MEMBER_KEY] = linked if linked in label else None
    picked = st.selectbox(
        t("mycases.member", ctx.lang),
        list(label),
        key=MEMBER_KEY,
        format_func=lambda member: f"{member} · {label.get(member, '')}",
        placeholder=t("mycases.member_placeholder", ctx.lang),
    )
    if picked:
        st.query_params["member"] = str(picked)
    else:
        st.query_params.pop("member", None)
    return str(picked) if picked else None


def member_cases(ctx: PageContext, member: str) -> pd.DataFrame:
    """The member's defendant rows with deadlines (queries/cases/my_cases.sql) at ctx.today."""
    return ctx.query("cases/my_cases", member=member, today=ctx.today, tro_days=TRO_DAYS, answer_days=ANSWER_DAYS)


def deadline_table(ctx: PageContext, rows: pd.DataFrame) -> None:
    lang = ctx.lang
    open_rows = rows[rows["open"].fillna(False).astype(bool)]
    upcoming = open_rows["next_deadline"].dropna()
    figures = (
        (t("mycases.kpi.matters", lang), f"{len(rows):,}"),
        (t("mycases.kpi.open", lang), f"{len(open_rows):,}"),
        (t("mycases.kpi.next", lang), str(upcoming.min().date()) if not upcoming.empty else "—"),
        (t("mycases.kpi.frozen", lang), f"${open_rows['frozen_usd'].fillna(0).sum():,.0f}"),
    )
    for column, (label, value) in zip(st.columns(len(figures)), figures, strict=True):
        column.metric(label, value, border=True)
    if rows.empty:
        st.info(t("mycases.none", lang))
        return
    only_open = st.toggle(t("mycases.only_open", lang), value=True, key="mycases_only_open")
    shown = (open_rows if only_open else rows).copy()
    shown["days_left"] = (pd.to_datetime(shown["next_deadline"]) - pd.Timestamp(ctx.today)).dt.days.astype("Int64")
    shown["contact"] = [name_of(row, lang, "contact_name") for row in shown.to_dict("records")]
    shown["outcome"] = shown["outcome"].map(
        lambda code: ctx.vocabulary.label("outcome", code, lang), na_action="ignore"
    )
    shown["platform"] = shown["platform"].map(
        lambda code: ctx.vocabulary.label("platform", code, lang), na_action="ignore"
    )
    for name in DATES:
        shown[name] = pd.to_datetime(shown[name]).dt.date
    labels = {name: t(f"mycases.col.{name}", lang) for name in COLUMNS}
    st.dataframe(
        shown[list(COLUMNS)].rename(columns=labels),
        hide_index=True,
        column_config={
            labels["frozen_usd"]: st.column_config.NumberColumn(format="dollar"),
            labels["settlement_usd"]: st.column_config.NumberColumn(format="dollar"),
        },
    )
    if not shown["deadlines_counted"].fillna(False).astype(bool).all():
        # a forum other than a US federal district court: its FRCP deadlines are blank (member_matters)
        st.caption(t("mycases.not_counted", lang))
    if shown["contact"].isna().all():
        st.caption(t("mycases.no_contact", lang))


def deadline_download(ctx: PageContext, member: str, rows: pd.DataFrame) -> None:
    """The open matters' deadlines as an iCalendar file (casewatch/alerts/ical.py); a note instead
    when there is none (no file without an event)."""
    data = ical.deadline_calendar(rows, member, ctx.lang)
    if data is None:
        st.caption(t("mycases.ical_none", ctx.lang))
        return
    st.download_button(
        t("mycases.ical", ctx.lang),
        data,
        file_name=f"casewatch_deadlines_{member}_{ctx.today.isoformat()}.ics",
        mime="text/calendar",
        help=t("mycases.ical_help", ctx.lang),
        icon=":material/calendar_month:",
        key="mycases_ical",
    )
