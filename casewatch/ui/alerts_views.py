"""Widgets of the Alerts page: a recipient's alerts, watch list and channels (a member's own; an
analyst picks any recipient), and for analysts the outbox, the delivery log, resend and the rules'
thresholds.

Alert settings change without an import, so these read through casewatch.alerts.outbox on the
database directly (uncached), never through the data-version cache of PageContext.query. Form
actions run as callbacks before the page draws its tables, so a change shows at once.
"""

from __future__ import annotations

from collections.abc import Callable

import pandas as pd
import streamlit as st

from casewatch.alerts import outbox, rules
from casewatch.errors import CaseWatchError
from casewatch.i18n import t
from casewatch.ui.context import PageContext
from casewatch.ui.failures import message

_FLASH = "alerts_flash"
RECIPIENT_KEY = "alerts_recipient"
NO_HOUR = "—"
HOURS = [NO_HOUR, *range(24)]


def _run(ctx: PageContext, done: str, change: Callable[[], object]) -> None:
    try:
        change()
    except CaseWatchError as exc:
        st.session_state[_FLASH] = ("error", message(exc, ctx.lang))
    else:
        st.session_state[_FLASH] = ("success", t(done, ctx.lang))


def show_outcome() -> None:
    """The message of the last form submitted, once."""
    kind, text = st.session_state.pop(_FLASH, (None, ""))
    if kind == "error":
        st.error(text)
    elif kind == "success":
        st.success(text)


def _value(key: str) -> str:
    return str(st.session_state.get(key) or "").strip()


def recipient_choice(ctx: PageContext) -> str:
    """Whose alerts and settings are shown: a member's own, always; an analyst's own staff
    recipient, or a member the analyst picks."""
    own = outbox.recipient_of(ctx.scope)
    if ctx.scope.role == "member":
        return own
    names = ctx.query("auth/member_names")
    label = {own: ctx.scope.email or own}
    for member_id, name in zip(names["member_id"], names[f"name_{ctx.lang}"].fillna(names["member_id"]), strict=True):
        label[f"member:{member_id}"] = f"{member_id} · {name}"
    picked = st.selectbox(
        t("alerts.member_pick", ctx.lang), list(label), key=RECIPIENT_KEY, format_func=lambda r: label.get(r, r)
    )
    return str(picked or own)


def _labelled(frame: pd.DataFrame, lang: str, columns: list[str]) -> pd.DataFrame:
    shown = frame[columns].copy()
    for name, prefix in (("rule", "alerts.rule."), ("status", "alerts.status."), ("kind", "alerts.kind.")):
        if name in shown:
            shown[name] = shown[name].map(lambda code, p=prefix: t(f"{p}{code}", lang), na_action="ignore")
    if "delivery" in shown:
        shown["delivery"] = shown["delivery"].map(lambda code: t(f"alerts.delivery.{code}", lang))
    if "alert_id" in shown:
        shown["alert_id"] = shown["alert_id"].str[:12]  # the ref messages print
    return shown.rename(columns=lambda c: t(f"alerts.col.{c}", lang))


def alert_table(ctx: PageContext, recipient: str) -> None:
    found = outbox.recipient_alerts(ctx.db, recipient, scope=ctx.scope)
    if found.empty:
        st.info(t("alerts.none", ctx.lang))
        return
    columns = ["due_on", "rule", "case_id", "case_name", "event_on", "status", "sent_at", "alert_id"]
    st.dataframe(_labelled(found, ctx.lang, columns), hide_index=True)


def watch_section(ctx: PageContext, recipient: str) -> None:
    lang = ctx.lang
    st.caption(t("alerts.watch.help", lang))
    watched = outbox.watch_of(ctx.db, recipient, scope=ctx.scope)
    if not watched.empty:
        shown = watched.assign(kind=watched["kind"].map(lambda k: t(f"alerts.watch.{k}", lang)))
        st.dataframe(
            shown[["kind", "value", "added_at"]].rename(columns=lambda c: t(f"alerts.col.{c}", lang)), hide_index=True
        )
    with st.form("alerts_watch_add", clear_on_submit=True, border=True):
        left, right = st.columns([1, 3])
        left.selectbox(
            t("alerts.watch.kind", lang), outbox.WATCH_KINDS, format_func=lambda k: t(f"alerts.watch.{k}", lang),
            key="watch_kind",
        )  # fmt: skip
        right.text_input(t("alerts.watch.value", lang), max_chars=200, key="watch_value")
        st.form_submit_button(
            t("alerts.watch.add", lang), icon=":material/visibility:", on_click=_add_watch, args=(ctx, recipient)
        )
    if not watched.empty:
        entries = [f"{k}={v}" for k, v in zip(watched["kind"], watched["value"], strict=True)]
        with st.form("alerts_watch_remove", border=True):
            st.selectbox(
                t("alerts.watch.remove", lang), entries, index=None, key="watch_gone",
                format_func=lambda e: _watch_label(e, lang),
            )  # fmt: skip
            st.form_submit_button(
                t("alerts.watch.remove", lang), icon=":material/visibility_off:", on_click=_remove_watch,
                args=(ctx, recipient),
            )  # fmt: skip


def _watch_label(entry: str, lang: str) -> str:
    kind, _, value = entry.partition("=")
    return f"{t(f'alerts.watch.{kind}', lang)}: {value}"


def _add_watch(ctx: PageContext, recipient: str) -> None:
    _run(ctx, "alerts.saved", lambda: outbox.save_watch(
        ctx.db, recipient, _value("watch_kind"), _value("watch_value"), by=ctx.scope
    ))  # fmt: skip


def _remove_watch(ctx: PageContext, recipient: str) -> None:
    kind, _, value = _value("watch_gone").partition("=")
    if kind:
        _run(ctx, "alerts.saved", lambda: outbox.remove_watch(ctx.db, recipient, kind, value, by=ctx.scope))


def channel_section(ctx: PageContext, recipient: str) -> None:
    """The recipient's channels and a form to add an e-mail address or change its settings
    (saving the same address again updates it); robots are added by analysts on the CLI."""
    lang = ctx.lang
    found = outbox.channels_of(ctx.db, recipient, scope=ctx.scope)
    if found.empty:
        st.info(t("alerts.channel.none", lang))
    else:
        shown = found.assign(quiet=[_quiet(a, b) for a, b in zip(found["quiet_from"], found["quiet_to"], strict=True)])
        st.dataframe(_labelled(shown, lang, ["kind", "address", "lang", "delivery", "quiet"]), hide_index=True)
    with st.form("alerts_channel_email", border=True):
        st.markdown(f"**{t('alerts.channel.add_email', lang)}**")
        first, second, third, fourth, fifth = st.columns([3, 1, 2, 1, 1])
        first.text_input(t("alerts.channel.email", lang), max_chars=254, key="channel_email")
        second.selectbox(t("alerts.col.lang", lang), ("zh", "en"), key="channel_lang")
        third.selectbox(
            t("alerts.col.delivery", lang), outbox.DELIVERY, format_func=lambda d: t(f"alerts.delivery.{d}", lang),
            key="channel_delivery",
        )  # fmt: skip
        fourth.selectbox(t("alerts.channel.quiet_from", lang), HOURS, key="channel_quiet_from")
        fifth.selectbox(t("alerts.channel.quiet_to", lang), HOURS, key="channel_quiet_to")
        st.form_submit_button(
            t("alerts.channel.save", lang), icon=":material/save:", on_click=_save_email, args=(ctx, recipient)
        )
    if not found.empty:
        label = {
            str(row.channel_id): f"{t(f'alerts.kind.{row.kind}', lang)}: {row.address}"
            for row in found.itertuples(index=False)
        }
        with st.form("alerts_channel_remove", border=True):
            st.selectbox(
                t("alerts.channel.remove", lang), list(label), index=None, key="channel_gone",
                format_func=lambda c: label.get(c, c),
            )  # fmt: skip
            st.form_submit_button(
                t("alerts.channel.remove", lang), icon=":material/delete:", on_click=_remove_channel, args=(ctx,)
            )
    st.caption(t("alerts.channel.robot_note", lang))


def _hour(key: str) -> int | None:
    value = st.session_state.get(key)
    return None if value in (None, NO_HOUR) else int(value)


def _quiet(start: object, end: object) -> str:
    if pd.isna(start) or pd.isna(end):  # type: ignore[call-overload]
        return ""
    return f"{int(start):02d}:00–{int(end):02d}:00"  # type: ignore[call-overload]


def _save_email(ctx: PageContext, recipient: str) -> None:
    _run(ctx, "alerts.saved", lambda: outbox.save_channel(
        ctx.db, recipient, "email", _value("channel_email"), by=ctx.scope, lang=_value("channel_lang") or "zh",
        delivery=_value("channel_delivery") or "immediate", quiet_from=_hour("channel_quiet_from"),
        quiet_to=_hour("channel_quiet_to"),
    ))  # fmt: skip


def _remove_channel(ctx: PageContext) -> None:
    if _value("channel_gone"):
        _run(ctx, "alerts.saved", lambda: outbox.remove_channel(ctx.db, _value("channel_gone"), by=ctx.scope))


def outbox_section(ctx: PageContext) -> None:
    """The outbox (analysts), filtered by status, and the resend form."""
    lang = ctx.lang
    status = st.selectbox(
        t("alerts.outbox_filter", lang), [None, "pending", "sent", "cancelled"], key="alerts_outbox_status",
        format_func=lambda s: "—" if s is None else t(f"alerts.status.{s}", lang),
    )  # fmt: skip
    found = outbox.outbox(ctx.db, status)
    columns = ["due_on", "rule", "recipient", "case_id", "event_on", "status", "sent_at", "channels", "failures"]
    st.dataframe(_labelled(found, lang, [*columns, "next_try_at", "alert_id"]), hide_index=True)
    with st.form("alerts_resend", clear_on_submit=True, border=True):
        st.text_input(t("alerts.resend_pick", lang), max_chars=32, key="resend_ref", placeholder="3f2a9c0d1e4b")
        st.form_submit_button(t("alerts.resend", lang), icon=":material/replay:", on_click=_resend, args=(ctx,))


def _resend(ctx: PageContext) -> None:
    ref = _value("resend_ref")

    def queue() -> None:
        if not outbox.resend(ctx.db, ref, by=ctx.scope, today=ctx.today):
            raise outbox.InvalidAlertSetting(f"no alert {ref!r}", field="alert ref", value=ref)  # message() escapes

    _run(ctx, "alerts.resent", queue)


def log_section(ctx: PageContext) -> None:
    lang = ctx.lang
    failures_only = st.toggle(t("alerts.failures_only", lang), key="alerts_failures_only")
    found = outbox.delivery_log(ctx.db, failures_only=failures_only)
    columns = ["at", "recipient", "kind", "address", "alerts", "part", "ok", "error", "seconds"]
    st.dataframe(_labelled(found, lang, columns), hide_index=True)


def rules_section(lang: str) -> None:
    """The rules' thresholds (casewatch/alerts/rules.py), as analysts read them."""
    values = [
        ", ".join(str(v) for v in value) if isinstance(value, tuple) else str(value)
        for value in rules.THRESHOLDS.values()
    ]
    labels = [t(f"alerts.threshold.{name}", lang) for name in rules.THRESHOLDS]
    st.dataframe(
        pd.DataFrame({t("alerts.col.rule", lang): labels, t("alerts.col.value", lang): values}), hide_index=True
    )
    st.caption(t("alerts.rules_note", lang))
