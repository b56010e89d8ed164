"""Alert messages: the text one channel gets for one alert or a digest of several, in the
channel's language, built from the data as it stands when sent.

Row-level scope holds by construction: a member recipient's facts are read with that member's
scope (queries with ``$viewer_member``), so its message can name its own stores, amounts and
outcomes only, even when another member is named in the same case. Every case text passes through
``channels.plain`` and goes out as plain text: markdown, HTML or a formula stays literal text.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

import pandas as pd

from casewatch.access import SYSTEM, Scope
from casewatch.alerts.channels import plain
from casewatch.db import Database
from casewatch.deadlines import ANSWER_DAYS, TRO_DAYS
from casewatch.filters import Vocabulary
from casewatch.i18n import t

DIGEST_SEPARATOR = "\n\n————————\n\n"


@dataclass(frozen=True)
class Alert:
    alert_id: str
    rule: str
    subject: str
    recipient: str
    member_id: str | None
    case_id: str | None
    detail: str | None
    event_on: dt.date | None


@dataclass(frozen=True)
class Message:
    title: str
    body: str


def scope_of(alert: Alert) -> Scope:
    """The scope an alert's facts are read with: its member's for a member recipient."""
    if alert.recipient.startswith("member:") and alert.member_id:
        return Scope("member", member_id=alert.member_id)
    return SYSTEM


def render(
    db: Database, alerts: list[Alert], lang: str, today: dt.date, vocabulary: Vocabulary, *, digest: bool = False
) -> Message:
    """One message for the alerts of one case, or a digest (several cases, or ``digest``: a digest
    channel's batch); ``vocabulary`` names the coded values (outcomes, event kinds) as the pages do."""
    sections = [_section(db, group, lang, today, vocabulary) for group in by_case(alerts)]
    if len(sections) == 1 and not digest:
        title, body = sections[0]
        return Message(title, body)
    title = t("alerts.msg.digest_title_one" if len(alerts) == 1 else "alerts.msg.digest_title", lang, count=len(alerts))
    body = DIGEST_SEPARATOR.join(f"{title_}\n{body_}" for title_, body_ in sections)
    return Message(title, body)


RULE_ORDER = ("new_case", "milestone", "deadline", "watch", "review", "wave")
ALONE = ("review", "wave")  # rules whose alerts are a section each, not grouped by case


def by_case(alerts: list[Alert]) -> list[list[Alert]]:
    """The alerts grouped by case (one section, or one immediate message, per case), the groups in
    their first alert's order, each group's most telling rule first."""
    groups: dict[str | None, list[Alert]] = {}
    for alert in alerts:
        groups.setdefault(alert.alert_id if alert.rule in ALONE else alert.case_id, []).append(alert)
    return [
        sorted(group, key=lambda a: RULE_ORDER.index(a.rule) if a.rule in RULE_ORDER else 99)
        for group in groups.values()
    ]


def _date(value: Any) -> str:
    return "" if value is None or pd.isna(value) else pd.Timestamp(value).date().isoformat()


def _title(alert: Alert, case: pd.Series | None, lang: str, today: dt.date, vocabulary: Vocabulary) -> str:
    name = plain(case["case_name"] if case is not None and pd.notna(case["case_name"]) else alert.case_id, 120)
    if alert.rule == "milestone":
        kind = vocabulary.label("event_kind", alert.detail or "", lang)
        return t("alerts.msg.title.milestone", lang, kind=kind, case=name)
    if alert.rule == "deadline":
        # the days left from the day it goes out (a reminder sent late states what is left, not its
        # slot's count: the 7-day one sent on the 5th day before says 5)
        days = (alert.event_on - today).days if alert.event_on else int(alert.subject.rsplit("|", 1)[-1])
        key = {0: "alerts.msg.title.deadline_today", 1: "alerts.msg.title.deadline_one"}.get(
            max(days, 0), "alerts.msg.title.deadline"
        )  # t() has no plural forms: one key for each
        return t(key, lang, days=days, date=_date(alert.event_on), case=name)
    if alert.rule == "watch":
        kind, _, value = (alert.detail or "").partition("=")
        return t(
            "alerts.msg.title.watch", lang, kind=t(f"alerts.watch.{kind}", lang), value=plain(value, 80), case=name
        )
    if alert.rule == "review":
        return t("alerts.msg.title.review", lang, case=name)
    if alert.rule == "wave":
        kind, _, entity = (alert.detail or "").partition("=")
        return t("alerts.msg.title.wave", lang, kind=t(f"alerts.wave.{kind}", lang), entity=plain(entity, 80),
                 month=_date(alert.event_on)[:7])  # fmt: skip
    return t("alerts.msg.title.new_case", lang, case=name)


def _section(db: Database, group: list[Alert], lang: str, today: dt.date, vocabulary: Vocabulary) -> tuple[str, str]:
    """Title and body for the alerts of one case (the first one's title; the others listed)."""
    alert = group[0]
    if alert.rule == "wave":
        return _wave_section(db, alert, lang, today, vocabulary)
    scope = scope_of(alert)
    found = db.query("alerts/message_case", scope=scope, case_id=alert.case_id)
    case = None if found.empty else found.iloc[0]
    lines = [f"· {plain(_title(other, case, lang, today, vocabulary), 200)}" for other in group[1:]]
    if case is not None:
        court = case[f"court_{lang}"] if pd.notna(case[f"court_{lang}"]) else case["court"]
        for key, value in (
            ("case", case["case_id"]),
            ("court", court),
            ("docket", case["docket_number"]),
            ("filed", _date(case["filed_on"])),
            ("plaintiff", case["plaintiff"]),
            ("brand", case["brand"]),
            ("law_firm", case["law_firm"]),
        ):
            if value is not None and not (isinstance(value, float) and pd.isna(value)) and str(value):
                lines.append(f"{t(f'alerts.msg.{key}', lang)}: {plain(value)}")
    if alert.rule == "review":
        lines += _review_lines(db, alert, lang)
    elif scope.role == "member" or alert.rule in ("new_case",):
        lines += _store_lines(db, alert, scope, lang, vocabulary)
    if alert.case_id:
        lines += _milestone_lines(db, alert, scope, lang, vocabulary)
    if scope.role == "member" and alert.case_id:
        lines += _deadline_lines(db, alert, scope, lang, today)
    if case is not None:
        contact = case[f"contact_name_{lang}"] if pd.notna(case[f"contact_name_{lang}"]) else case["contact_name_zh"]
        if pd.notna(contact):
            parts = [plain(contact, 80)] + [
                plain(case[c], 80) for c in ("contact_email", "contact_phone") if pd.notna(case[c])
            ]
            lines.append(f"{t('alerts.msg.contact', lang)}: {' · '.join(parts)}")
        else:
            lines.append(t("alerts.msg.no_contact", lang))
    lines.append(f"{t('alerts.msg.ref', lang)}: {' '.join(a.alert_id[:12] for a in group)}")
    return plain(_title(alert, case, lang, today, vocabulary), 200), "\n".join(lines)


def _wave_section(db: Database, alert: Alert, lang: str, today: dt.date, vocabulary: Vocabulary) -> tuple[str, str]:
    """A herding wave: who sues, since when, where (cities and sectors named), how many cases; the
    members it hit are counted for staff only."""
    kind, _, entity = (alert.detail or "").partition("=")
    start = _date(alert.event_on)[:7]
    title = _title(alert, None, lang, today, vocabulary)
    found = db.query("alerts/message_wave", scope=scope_of(alert), entity_kind=kind, entity=entity, start_month=start)
    lines = []
    if not found.empty:
        wave = found.iloc[0]
        cities = ", ".join(vocabulary.label("city", str(c), lang) for c in wave["top_cities"])
        sectors = ", ".join(vocabulary.label("sector", str(c), lang) for c in wave["top_sectors"])
        lines.append(
            t("alerts.msg.wave", lang, start=start, end=_date(wave["end_month"])[:7], cases=int(wave["cases"]),
              cities=plain(cities, 200), sectors=plain(sectors, 200))
        )  # fmt: skip
        if pd.notna(wave["members_hit"]):
            lines.append(t("alerts.msg.wave_members", lang, members=int(wave["members_hit"])))
    lines.append(t("alerts.msg.wave_note", lang))
    lines.append(f"{t('alerts.msg.ref', lang)}: {alert.alert_id[:12]}")
    return plain(title, 200), "\n".join(lines)


def _store_lines(db: Database, alert: Alert, scope: Scope, lang: str, vocabulary: Vocabulary) -> list[str]:
    member = alert.member_id if scope.role == "member" else None
    stores = db.query("alerts/message_stores", scope=scope, case_id=alert.case_id, member=member)
    if stores.empty:
        return []
    label = "alerts.msg.your_stores" if scope.role == "member" else "alerts.msg.member_stores"
    lines = [f"{t(label, lang)}:"]
    for row in _records(stores):
        text = f"- {plain(row['store_name'], 120)}"
        if pd.notna(row["platform"]):
            text += f" ({plain(vocabulary.label('platform', str(row['platform']), lang), 40)})"
        if scope.role != "member":
            name = row[f"member_name_{lang}"]
            text += f" · {plain(name if pd.notna(name) else row['member_id'], 80)}"
        if pd.notna(row["outcome"]):
            text += f" · {t('alerts.msg.outcome', lang)}: {vocabulary.label('outcome', str(row['outcome']), lang)}"
        if pd.notna(row["frozen_usd"]) and row["frozen_usd"]:
            text += f" · {t('alerts.msg.frozen', lang)}: ${float(row['frozen_usd']):,.0f}"
        lines.append(text)
    return lines


def _milestone_lines(db: Database, alert: Alert, scope: Scope, lang: str, vocabulary: Vocabulary) -> list[str]:
    events = db.query("cases/events", scope=scope, case_id=alert.case_id)
    shown = events[events["kind"].isin(["filed", "tro", "pi", "default_judgment", "settled", "dismissed", "closed"])]
    if shown.empty:
        return []
    items = [
        f"{_date(row['event_on'])} {vocabulary.label('event_kind', str(row['kind']), lang)}" for row in _records(shown)
    ]
    return [f"{t('alerts.msg.milestones', lang)}: " + "; ".join(dict.fromkeys(items))]


def _deadline_lines(db: Database, alert: Alert, scope: Scope, lang: str, today: dt.date) -> list[str]:
    due = db.query(
        "alerts/message_deadlines",
        scope=scope,
        case_id=alert.case_id,
        member=None,
        today=today,
        tro_days=TRO_DAYS,
        answer_days=ANSWER_DAYS,
    )
    if due.empty:
        return []
    items = []
    for row in _records(due):
        kind = row["kind"]
        items.append(f"{_date(row['due_on'])} {t(f'alerts.deadline.{kind}', lang)}")
    return [f"{t('alerts.msg.deadlines', lang)}: " + "; ".join(items), t("alerts.msg.rule_note", lang)]


def _review_lines(db: Database, alert: Alert, lang: str) -> list[str]:
    subject, _, member = alert.subject.rpartition("|")
    found = db.query("alerts/review_subject", subject=subject, member=member)
    if found.empty:
        return []
    row = found.iloc[0]
    name = row[f"member_name_{lang}"] if pd.notna(row[f"member_name_{lang}"]) else row["member_id"]
    return [
        t(
            "alerts.msg.review",
            lang,
            store=plain(row["store_name"], 120),
            platform=plain(row["platform"], 40),
            member=plain(name, 80),
            score=f"{float(row['score']):.2f}",
        )
    ]


def _records(frame: pd.DataFrame) -> list[dict[str, Any]]:
    return [{str(k): v for k, v in row.items()} for row in frame.to_dict("records")]
