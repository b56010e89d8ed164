"""The Data page's court feed panel: last run, what it brought, budget left today, queue, last
error, recent runs; an analyst starts a run here. Read uncached: webhooks and runs change the feed
between imports."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from casewatch import feed
from casewatch.errors import CaseWatchError
from casewatch.feed.client import Settings
from casewatch.feed.sync import sync
from casewatch.feed.webhook import inbox_dir
from casewatch.i18n import t
from casewatch.ui.context import PageContext
from casewatch.ui.failures import message
from casewatch.ui.literal import literal

_FLASH = "feed_flash"
RUN_COLUMNS = (
    "run_id",
    "started_at",
    "status",
    "requests",
    "queued",
    "fetched",
    "imported",
    "skipped",
    "rejected",
    "error",
)


def start_run(ctx: PageContext, max_requests: int) -> None:
    """Button callback: one sync run now (herding recomputed in the background, as for uploads)."""
    try:
        settings = Settings.from_env()
        report = sync(
            ctx.db,
            settings,
            max_requests=max_requests,
            inbox=inbox_dir(ctx.db.path),
            lang=ctx.lang,
            herding_in_background=True,
        )
    except CaseWatchError as exc:
        st.session_state[_FLASH] = ("error", message(exc, ctx.lang))
        return
    st.session_state[_FLASH] = (
        "success",
        t("feed.page.done", ctx.lang, run_id=report.run_id, summary=report.summary(ctx.lang)),
    )


def render(ctx: PageContext) -> None:
    lang = ctx.lang
    st.caption(t("feed.page.caption", lang))
    kind, text = st.session_state.pop(_FLASH, (None, ""))
    if kind == "error":
        st.error(text, icon=":material/error:")
    elif kind == "success":
        st.success(text)
    try:
        shown = feed.status(ctx.db)
    except CaseWatchError as exc:
        st.error(message(exc, lang))
        return
    last = shown.last_run
    cells = st.columns(4)
    if last is None:
        cells[0].metric(t("feed.page.last_run", lang), t("feed.page.never", lang))
        cells[1].metric(t("feed.page.brought", lang), "—")
    else:
        started = pd.Timestamp(last["started_at"]).strftime("%Y-%m-%d %H:%M")
        cells[0].metric(t("feed.page.last_run", lang), started, t(f"feed.status.{last['status']}", lang),
                        delta_color="off")  # fmt: skip
        cells[1].metric(
            t("feed.page.brought", lang), t("feed.page.brought_value", lang, imported=int(last["imported"]))
        )
    day = [left for window, left in shown.budget_left.items() if window.endswith("/day")]
    budget = (
        str(day[0])
        if day
        else (", ".join(f"{v} ({k})" for k, v in shown.budget_left.items()) or t("feed.page.budget_off", lang))
    )
    cells[2].metric(t("feed.page.budget", lang), budget)
    queue_help = t("feed.page.queue_help", lang, rejected=shown.rejected, deliveries=shown.deliveries)
    cells[3].metric(
        t("feed.page.queue", lang), t("feed.page.queue_value", lang, waiting=shown.waiting), help=queue_help
    )
    if shown.last_error:
        st.warning(t("feed.page.last_error", lang, error=literal(shown.last_error)), icon=":material/warning:")
    else:
        st.caption(t("feed.page.no_error", lang))
    left, right = st.columns([1, 3])
    limit = left.number_input(t("feed.page.max_requests", lang), min_value=1, max_value=5000, value=25, step=5,
                              key="feed_max_requests")  # fmt: skip
    right.button(t("feed.page.start", lang), icon=":material/sync:", key="feed_start", type="primary",
                 on_click=start_run, args=(ctx, int(limit)))  # fmt: skip
    if len(shown.runs):
        st.caption(t("feed.page.runs", lang))
        runs = shown.runs[list(RUN_COLUMNS)].assign(status=lambda f: [t(f"feed.status.{s}", lang) for s in f["status"]])
        st.dataframe(runs.rename(columns=lambda c: t(f"feed.page.col.{c}", lang)), hide_index=True)
    if shown.rejected:
        rejected = ctx.db.query("feed/rejected_dockets", limit=50)
        st.caption(t("feed.page.rejected", lang))
        st.dataframe(rejected.rename(columns=lambda c: t(f"feed.page.col.{c}", lang)), hide_index=True)
