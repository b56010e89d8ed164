"""Data (analysts): upload -> validation report -> preview -> commit; templates; the member-match
review queue; the imports log."""

from __future__ import annotations

import streamlit as st

from casewatch.i18n import t
from casewatch.ingest import KINDS
from casewatch.ingest.spec import TABLE_KINDS
from casewatch.ingest.templates import template_bytes, template_name
from casewatch.ui import context, feed_views, intake_views
from casewatch.ui.literal import literal

ctx = context.current()
lang = ctx.lang
st.title(t("intake.page.title", lang))
st.caption(t("intake.page.caption", lang))
upload, review, templates, log, court_feed = st.tabs(
    [*(t(f"intake.page.tab.{n}", lang) for n in ("upload", "review", "templates", "log")), t("feed.page.tab", lang)]
)

with upload:
    files = st.file_uploader(
        t("intake.page.files", lang), type=["csv", "tsv", "txt", "xlsx", "xlsm", "json"], accept_multiple_files=True
    )
    uploads = intake_views.keep_uploads(files)
    left, middle, right = st.columns(3)
    kind = left.selectbox(
        t("intake.page.kind", lang), [None, *KINDS], format_func=lambda k: t(f"intake.kind.{k or 'auto'}", lang)
    )
    sheet = middle.text_input(t("intake.page.sheet", lang), max_chars=100) or None
    skip_invalid = right.checkbox(t("intake.page.skip_invalid", lang), help=t("intake.page.skip_help", lang))
    options = {"kind": kind, "sheet": sheet, "skip_invalid": skip_invalid}
    if st.button(t("intake.page.validate", lang), icon=":material/rule:", disabled=not uploads, key="intake_validate"):
        intake_views.run_import(ctx, uploads, commit=False, **options)
    ready = intake_views.render_outcome(lang)
    if ready and st.button(
        t("intake.page.commit", lang), icon=":material/upload:", type="primary", key="intake_commit"
    ):
        intake_views.run_import(ctx, uploads, commit=True, **options)
        st.rerun()

with review:
    queue = ctx.query("matching/review_queue", limit=50)
    st.caption(t("intake.page.review_help", lang, count=len(queue)))
    for row in queue.itertuples(index=False):
        text, accept, reject = st.columns([6, 1, 1])
        text.markdown(
            t("intake.page.review_row", lang, store=literal(row.store_name or row.seller_id),
              platform=literal(row.platform or "—"), member=literal(row.member_name or row.member_id),
              method=t(f"intake.method.{row.method}", lang),
              agreement=t(f"intake.platform_agreement.{row.platform_agreement}", lang),
              score=f"{row.score:.2f}", defendants=row.defendants)
        )  # fmt: skip
        key = f"{row.subject}|{row.member_id}"
        accept.button(t("intake.page.accept", lang), key=f"accept_{key}", on_click=intake_views.decide,
                      args=(ctx, row.subject, row.member_id, "accepted"))  # fmt: skip
        reject.button(t("intake.page.reject", lang), key=f"reject_{key}", on_click=intake_views.decide,
                      args=(ctx, row.subject, row.member_id, "rejected"))  # fmt: skip

FORMATS = (("zh", "csv"), ("zh", "xlsx"), ("en", "csv"), ("en", "xlsx"))
with templates:
    st.caption(t("intake.page.templates_help", lang))
    for kind_name in TABLE_KINDS:
        cells = st.columns([2, 1, 1, 1, 1])
        cells[0].markdown(f"**{t(f'intake.kind.{kind_name}', lang)}**")
        for cell, (template_lang, fmt) in zip(
            cells[1:], [("zh", "csv"), ("zh", "xlsx"), ("en", "csv"), ("en", "xlsx")], strict=True
        ):
            cell.download_button(
                f"{template_lang.upper()} · {fmt.upper()}",
                data=template_bytes(kind_name, template_lang, fmt),
                file_name=template_name(kind_name, template_lang, fmt),
                key=f"template_{kind_name}_{template_lang}_{fmt}",
                on_click="ignore",
            )

with log:
    recent = ctx.query("ingest/recent_imports", limit=50)
    st.dataframe(recent.rename(columns=lambda c: t(f"intake.page.log.{c}", lang)), hide_index=True)

with court_feed:
    feed_views.render(ctx)
