"""``alerts send``: drains the outbox through each recipient's channels.

One run: (1) in one transaction, compute the rules again (reminders follow the calendar), cancel
superseded reminders and give each due alert a delivery row per active channel of its recipient;
(2) per channel, outside quiet hours, build the messages - one per alert, or one digest of all a
digest channel has (at most one digest a day) - and send each within the channel's rate limit;
(3) after each message, in one transaction, log it and mark its alerts' deliveries sent (or count
the failed try and set the next one after a backoff). A crash between a send and its record
repeats that one message only; nothing is marked sent that was not sent.
"""

from __future__ import annotations

import datetime as dt
import time
import uuid
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from zoneinfo import ZoneInfo

import pandas as pd

from casewatch import facts
from casewatch.alerts import channels, messages, rules
from casewatch.alerts.channels import Channel, ChannelError, RateLimiter, Secrets
from casewatch.db import Database
from casewatch.filters import Vocabulary
from casewatch.progress import QUIET, Progress, Stage
from casewatch.sql import load_sql

LOCAL = ZoneInfo("Asia/Shanghai")  # the association's clock: quiet hours, digest days, "today"
BACKOFF_SECONDS = 30  # first retry after a failure; doubled per try, at most an hour
# Alerts that go out only in a digest (at most one a day per channel, whatever its delivery): a
# herding wave in a member's city and sector; for staff, the daily digest of new cases, new waves
# and the review queue.
DIGEST_ONLY = {"member": ("wave",), "staff": ("new_case", "wave", "review")}


def digest_only(alert: messages.Alert) -> bool:
    return alert.rule in DIGEST_ONLY.get(alert.recipient.split(":", 1)[0], ())


@dataclass
class SendReport:
    messages: int = 0
    failed: int = 0
    alerts_sent: int = 0
    deferred: int = 0  # deliveries left for later (quiet hours, a digest already sent today)
    errors: list[str] = field(default_factory=list)

    def summary(self) -> str:
        return (
            f"{self.messages} messages sent ({self.alerts_sent} alerts), {self.failed} failed, "
            f"{self.deferred} deliveries deferred"
        )


def utc_now() -> dt.datetime:
    return dt.datetime.now(dt.UTC).replace(tzinfo=None)


def send(
    db: Database,
    *,
    secrets: Secrets,
    now: dt.datetime | None = None,
    rates: Mapping[str, int] = channels.RATE_PER_MINUTE,
    sleep: Callable[[float], None] = time.sleep,
    clock: Callable[[], float] = time.monotonic,
    transmit: Callable[[str, str, str, tuple[str, ...]], str | None] = channels.transmit,
    progress: Progress = QUIET,
) -> SendReport:
    """One run over the outbox (``now``: naive UTC, default the clock; ``sleep`` and ``clock`` pace
    the rate limits; ``transmit`` sends one message); returns what happened. ``progress`` shows
    the stages (rules, then the messages sent of those due)."""
    now = now or utc_now()
    local = now.replace(tzinfo=dt.UTC).astimezone(LOCAL)
    today = local.date()
    day_start = dt.datetime.combine(today, dt.time(), LOCAL).astimezone(dt.UTC).replace(tzinfo=None)
    with progress.stage("rules", unit="alerts"), db.write() as con:
        rules.compute(con, today, facts.data_version(con))
        con.execute(load_sql("alerts/stale_reminders"), {"today": today}).fetchall()
        con.execute(load_sql("alerts/expand"), {"today": today})
    report = SendReport()
    due = db.query("alerts/due", today=today, now=now)
    if due.empty:
        return report
    with progress.stage("send", total=len(due), unit="alerts") as shown:
        return _deliver(db, due, report, shown, secrets, now, local, today, day_start, rates, sleep, clock, transmit)


def _deliver(
    db: Database,
    due: pd.DataFrame,
    report: SendReport,
    shown: Stage,
    secrets: Secrets,
    now: dt.datetime,
    local: dt.datetime,
    today: dt.date,
    day_start: dt.datetime,
    rates: Mapping[str, int],
    sleep: Callable[[float], None],
    clock: Callable[[], float],
    transmit: Callable[[str, str, str, tuple[str, ...]], str | None],
) -> SendReport:
    """Sends the due alerts channel by channel (see send); each alert counted on ``shown``."""
    recent = db.query("alerts/channel_recent", now=now, day_start=day_start).set_index("channel_id")
    digested = set(
        db.query(
            "alerts/digest_sent_today",
            day_start=day_start,
            member_rules=list(DIGEST_ONLY["member"]),
            staff_rules=list(DIGEST_ONLY["staff"]),
        )["channel_id"]
    )
    vocabulary = Vocabulary.read(db.query)
    started = clock()
    limiter = RateLimiter(rates, clock=clock, sleep=sleep)
    # a limit is the address's: several channels (members, staff) posting to one robot share its 20
    # a minute, and their recent messages all count
    shared: dict[str, list[float]] = {}
    for row in recent.itertuples():
        if isinstance(row.kind, str) and isinstance(row.address, str):
            shared.setdefault(_rate_key(row.kind, row.address), []).extend(_ages(row.ages))
    for key, ages in shared.items():
        limiter.seed(key, ages)
    hidden = secrets.hidden()
    for channel_id, rows in due.groupby("channel_id", sort=False):
        first = rows.iloc[0]
        channel = Channel(
            str(channel_id), str(first["recipient"]), str(first["kind"]), str(first["address"]), str(first["lang"])
        )
        quiet_from = None if pd.isna(first["quiet_from"]) else int(first["quiet_from"])
        quiet_to = None if pd.isna(first["quiet_to"]) else int(first["quiet_to"])
        digest = first["delivery"] == "digest"
        seen = recent.loc[channel.channel_id] if channel.channel_id in recent.index else None
        if channels.in_quiet_hours(quiet_from, quiet_to, local) or (
            digest and seen is not None and bool(seen["sent_today"])
        ):
            report.deferred += len(rows)
            continue
        alerts = [_alert(row) for row in rows.itertuples(index=False)]
        now_alerts = [a for a in alerts if not digest_only(a)]
        batches = [(alerts, True)] if digest else [(b, False) for b in messages.by_case(now_alerts)]
        later = [] if digest else [a for a in alerts if digest_only(a)]
        if later and channel.channel_id in digested:
            report.deferred += len(later)
        elif later:
            batches.append((later, True))
        try:
            url = channels.apprise_url(channel, secrets)
        except ChannelError as exc:
            for batch, _ in batches:
                _record(db, channel, batch, now, now, str(exc), 0.0)
                report.failed += 1
            report.errors.append(str(exc))
            continue
        for batch, as_digest in batches:
            message = messages.render(db, batch, channel.lang, today, vocabulary, digest=as_digest)
            limiter.wait(_rate_key(channel.kind, channel.address), channel.kind)
            began = clock()
            error = transmit(url, message.title, message.body, hidden)
            at = now + dt.timedelta(seconds=clock() - started)
            _record(db, channel, batch, now, at, error, clock() - began)
            if error is None:
                report.messages += 1
                report.alerts_sent += len(batch)
            else:
                report.failed += 1
                report.errors.append(f"{channel.kind} {channel.channel_id}: {error}")
            shown.advance(len(batch))
    return report


def _rate_key(kind: str, address: str) -> str:
    """What a rate limit counts for: a robot (or an e-mail address) by its kind and address."""
    return f"{kind}|{address}"


def _ages(value: object) -> list[float]:
    """channel_recent's ages (a list, or NULL for a channel with no message in the last minute)."""
    if value is None or value is pd.NA or (isinstance(value, float) and pd.isna(value)):
        return []
    return [float(age) for age in value]  # type: ignore[attr-defined]


def _alert(row: object) -> messages.Alert:
    def value(name: str) -> object:
        found = getattr(row, name)
        return None if found is None or (not isinstance(found, str) and pd.isna(found)) else found

    event_on = value("event_on")
    return messages.Alert(
        alert_id=str(value("alert_id")),
        rule=str(value("rule")),
        subject=str(value("subject")),
        recipient=str(value("recipient")),
        member_id=None if value("member_id") is None else str(value("member_id")),
        case_id=None if value("case_id") is None else str(value("case_id")),
        detail=None if value("detail") is None else str(value("detail")),
        event_on=None if event_on is None else pd.Timestamp(event_on).date(),  # type: ignore[arg-type]
    )


def _record(
    db: Database,
    channel: Channel,
    batch: list[messages.Alert],
    now: dt.datetime,
    at: dt.datetime,
    error: str | None,
    seconds: float,
) -> None:
    """Logs one message and marks its deliveries, in one transaction (``now``: the run's time,
    from which a retry is counted; ``at``: when this message went)."""
    ids = [alert.alert_id for alert in batch]
    with db.write() as con:
        con.execute(
            load_sql("alerts/record"),
            {
                "log_id": uuid.uuid4().hex,
                "at": at,
                "channel_id": channel.channel_id,
                "recipient": channel.recipient,
                "kind": channel.kind,
                "alert_ids": ids,
                "ok": error is None,
                "error": error,
                "seconds": round(seconds, 4),
            },
        )
        if error is None:
            con.execute(
                load_sql("alerts/mark_delivered"), {"channel_id": channel.channel_id, "alert_ids": ids, "now": at}
            )
            con.execute(load_sql("alerts/close_sent"), {"alert_ids": ids, "now": at})
        else:
            con.execute(
                load_sql("alerts/mark_failed"),
                {"channel_id": channel.channel_id, "alert_ids": ids, "now": now, "backoff_seconds": BACKOFF_SECONDS},
            )
