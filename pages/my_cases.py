"""My cases: a member's own defendant rows with deadlines computed from the docket events (TRO
expiry, PI hearing, answer due) and the association contact for each case. Analysts pick a member."""

from __future__ import annotations

import streamlit as st

from casewatch.i18n import t
from casewatch.ui import context, my_cases_views

ctx = context.current()
lang = ctx.lang
st.title(t("mycases.title", lang))

member = my_cases_views.member_choice(ctx)
if member is None:
    st.info(t("mycases.pick_member", lang))
    st.stop()
st.caption(t("mycases.caption", lang, today=ctx.today.isoformat()))
rows = my_cases_views.member_cases(ctx, member)
my_cases_views.deadline_table(ctx, rows)
my_cases_views.deadline_download(ctx, member, rows)
st.caption(t("mycases.frcp_rule", lang))
with st.expander(t("mycases.assumptions_title", lang), icon=":material/info:"):
    st.markdown(t("mycases.assumptions", lang))
