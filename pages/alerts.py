"""Alerts: a member's alerts, watch list and channels (language, quiet hours, digest or
immediate); for analysts also the outbox, the delivery log with its failures, resend and the rules'
thresholds. Analysts pick whose alerts and settings to see."""

from __future__ import annotations

import streamlit as st

from casewatch.i18n import t
from casewatch.ui import alerts_views, context

ctx = context.current()
lang = ctx.lang
st.title(t("alerts.title", lang))
alerts_views.show_outcome()

recipient = alerts_views.recipient_choice(ctx)
names = ["mine", "watch", "channels"]
if ctx.scope.role == "analyst":
    names += ["outbox", "log", "rules"]
tabs = dict(zip(names, st.tabs([t(f"alerts.tab.{name}", lang) for name in names]), strict=True))
with tabs["mine"]:
    alerts_views.alert_table(ctx, recipient)
with tabs["watch"]:
    alerts_views.watch_section(ctx, recipient)
with tabs["channels"]:
    alerts_views.channel_section(ctx, recipient)
if ctx.scope.role == "analyst":
    with tabs["outbox"]:
        alerts_views.outbox_section(ctx)
    with tabs["log"]:
        alerts_views.log_section(ctx)
    with tabs["rules"]:
        alerts_views.rules_section(lang)
