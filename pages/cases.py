"""Cases: search and a server-side paged, sortable case-defendant table with downloads of every
matching row; ``?case=`` opens one case (parties, defendants, timeline, members, source)."""

from __future__ import annotations

import streamlit as st

from casewatch.i18n import t
from casewatch.ui import case_views, context
from casewatch.ui.literal import literal

ctx = context.current()
lang = ctx.lang
st.title(t("cases.title", lang))
st.caption(ctx.caption())
if ctx.scope.role == "member":
    st.caption(t("cases.member_view", lang, member=literal(ctx.scope.member_id)))

case_id = st.query_params.get("case")
if case_id:
    if case_views.case_detail(ctx, case_id):
        st.stop()
    st.warning(t("cases.unknown_case", lang, case=literal(case_id[:80])), icon=":material/link_off:")

request = case_views.table_request(lang)
shown, total_rows = case_views.paged_table(ctx, request)
case_views.downloads(ctx, request, total_rows)
