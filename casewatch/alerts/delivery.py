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
from casewatch.alerts import channels, messages, parts, rules
from casewatch.alerts.channels import Channel, ChannelError, RateLimiter, Secrets
from casewatch.db import Cursor, Database
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
        if channels.in_quiet_hours(quiet_from, quiet_to, local):
            report.deferred += len(rows)
            continue
        batches, deferred = _batches(rows, digest, bool(seen is not None and seen["sent_today"]), channel, digested)
        report.deferred += deferred
        try:
            url = channels.apprise_url(channel, secrets)
        except ChannelError as exc:
            for batch in batches:
                _record(db, channel, batch.alerts, now, now, str(exc), 0.0)
                report.failed += 1
            report.errors.append(str(exc))
            continue
        for batch in batches:
            message = messages.render(db, batch.alerts, channel.lang, today, vocabulary, digest=batch.digest)
            sent = _send_parts(db, channel, url, batch, message, report, now, started, limiter, clock, transmit, hidden)
            if sent:
                report.alerts_sent += len(batch.alerts)
            shown.advance(len(batch.alerts))
    return report


@dataclass(frozen=True)
class Batch:
    """The alerts of one message; ``digest``: rendered as a digest; ``parts_sent``: the keys of its
    parts already sent (an unfinished message, resumed)."""

    alerts: list[messages.Alert]
    digest: bool
    parts_sent: frozenset[str] = frozenset()


def _batches(
    rows: pd.DataFrame, digest: bool, sent_today: bool, channel: Channel, digested: set[str]
) -> tuple[list[Batch], int]:
    """A channel's messages of this run, and the number of alerts deferred. An unfinished message
    (some of its parts sent) comes first, with the alerts it had, whatever else waits: a digest cut
    short goes on the same day. Then, for a digest channel, one digest of the rest unless it had
    today's; else one message per case, and the digest-only alerts in a digest unless the channel
    had today's."""
    unfinished: dict[tuple[str, ...], list[messages.Alert]] = {}
    fresh: list[messages.Alert] = []
    for row in rows.itertuples(index=False):
        sent = _keys(row.parts_sent)
        (unfinished.setdefault(sent, []) if sent else fresh).append(_alert(row))
    batches = [
        Batch(group, digest or all(digest_only(a) for a in group), frozenset(sent))
        for sent, group in unfinished.items()
    ]
    if digest:
        if sent_today:
            return batches, len(fresh)
        return [*batches, Batch(fresh, True)] if fresh else batches, 0
    batches += [Batch(group, False) for group in messages.by_case([a for a in fresh if not digest_only(a)])]
    later = [a for a in fresh if digest_only(a)]
    if later and channel.channel_id in digested:
        return batches, len(later)
    return [*batches, Batch(later, True)] if later else batches, 0


def _send_parts(
    db: Database,
    channel: Channel,
    url: str,
    batch: Batch,
    message: messages.Message,
    report: SendReport,
    now: dt.datetime,
    started: float,
    limiter: RateLimiter,
    clock: Callable[[], float],
    transmit: Callable[[str, str, str, tuple[str, ...]], str | None],
    hidden: tuple[str, ...],
) -> bool:
    """Sends a message - in parts when it is too long for the channel (casewatch/alerts/parts.py),
    skipping parts an earlier run sent - each within the rate limit and logged as it goes; its
    alerts are marked sent with the last part. Returns whether the whole message is now sent. A
    crash between a part's send and its record repeats that part only; a failed part stops the
    message until its retry, which sends the parts not yet sent."""
    pieces = parts.split(message, channel.kind)
    keys = [parts.key(piece) for piece in pieces]
    done = set(batch.parts_sent)
    if all(k in done for k in keys):  # every part went before (rendered again, no part is new)
        with db.write() as con:
            _mark_sent(con, channel, [a.alert_id for a in batch.alerts], now + dt.timedelta(seconds=clock() - started))
        return True
    for index, (piece, key) in enumerate(zip(pieces, keys, strict=True), 1):
        if key in done:
            continue
        limiter.wait(_rate_key(channel.kind, channel.address), channel.kind)
        began = clock()
        error = transmit(url, piece.title, piece.body, hidden)
        at = now + dt.timedelta(seconds=clock() - started)
        last = error is None and all(k in done or k == key for k in keys)
        part = None if len(pieces) == 1 else (index, len(pieces), None if last else key)
        _record(db, channel, batch.alerts, now, at, error, clock() - began, part)
        if error is not None:
            report.failed += 1
            report.errors.append(f"{channel.kind} {channel.channel_id}: {error}")
            return False
        report.messages += 1
        done.add(key)
    return True


def _keys(value: object) -> tuple[str, ...]:
    """due's parts_sent (a list, or NULL)."""
    if value is None or value is pd.NA or (isinstance(value, float) and pd.isna(value)):
        return ()
    return tuple(str(k) for k in value)  # type: ignore[attr-defined]


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
    part: tuple[int, int, str | None] | None = None,
) -> None:
    """Logs one message (or ``part``: its number, the count, and its key while parts remain) and
    marks its deliveries, in one transaction (``now``: the run's time, from which a retry is
    counted; ``at``: when this message went): sent with the whole message or its last part; a part
    before the last noted on them; a failure counted, its retry set after a backoff."""
    ids = [alert.alert_id for alert in batch]
    number, count, pending = part if part else (None, None, None)
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
                "part": number,
                "parts": count,
            },
        )
        if error is None and pending is not None:
            con.execute(
                load_sql("alerts/mark_part"), {"channel_id": channel.channel_id, "alert_ids": ids, "part_key": pending}
            )
        elif error is None:
            _mark_sent(con, channel, ids, at)
        else:
            con.execute(
                load_sql("alerts/mark_failed"),
                {"channel_id": channel.channel_id, "alert_ids": ids, "now": now, "backoff_seconds": BACKOFF_SECONDS},
            )


def _mark_sent(con: Cursor, channel: Channel, ids: list[str], at: dt.datetime) -> None:
    """The deliveries of ``ids`` on the channel sent, and each alert sent once all its are."""
    con.execute(load_sql("alerts/mark_delivered"), {"channel_id": channel.channel_id, "alert_ids": ids, "now": at})
    con.execute(load_sql("alerts/close_sent"), {"alert_ids": ids, "now": at})
