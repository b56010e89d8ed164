"""Channels, watch lists and the outbox as the Alerts page and ``alerts`` CLI manage them.

Writes are scoped like reads: a member may change only its own channels and watch list (the
queries' ``$viewer_member`` checks say so in SQL, and these functions refuse before that); staff
manage anyone's. Recipients are ``member:<member_id>`` or ``staff:<email>``.
"""

from __future__ import annotations

import datetime as dt
import hashlib

import pandas as pd

from casewatch import access, users
from casewatch.access import Scope
from casewatch.alerts.channels import KINDS, ROBOT_NAME, email_problem
from casewatch.db import Database
from casewatch.errors import CaseWatchError
from casewatch.sql import load_sql

WATCH_KINDS = ("brand", "plaintiff", "law_firm", "sector")
DELIVERY = ("immediate", "digest")


class InvalidAlertSetting(CaseWatchError):
    key = "alerts.error.invalid"


class QuietHoursHalfSet(InvalidAlertSetting):
    """Quiet hours with a start and no end, or an end and no start: both or neither."""

    key = "alerts.error.quiet_half"


def recipient_of(scope: Scope) -> str:
    """The recipient a signed-in user is: their member, or themselves as staff."""
    if scope.role == "member":
        return f"member:{scope.member_id}"
    return f"staff:{scope.email or 'local'}"


def member_recipient(db: Database, member_id: str) -> str:
    """``member:<id>`` for a member in the register; InvalidAlertSetting otherwise."""
    member_id = (member_id or "").strip()
    if not member_id or not bool(db.query("auth/member_exists", member_id=member_id).iloc[0]["found"]):
        raise InvalidAlertSetting(f"no member {member_id!r} in the register", field="member_id", value=member_id)
    return f"member:{member_id}"


def staff_recipient(email: str) -> str:
    return f"staff:{users.normalise_email(email)}"


def channel_id(recipient: str, kind: str, address: str) -> str:
    return hashlib.md5(f"{recipient}|{kind}|{address}".encode(), usedforsecurity=False).hexdigest()[:16]


def _check_own(scope: Scope, recipient: str) -> None:
    if scope.role == "member" and recipient != recipient_of(scope):
        raise access.AccessDenied(
            f"member {scope.member_id} may not change {recipient}", role=scope.role, name=recipient
        )
    if scope.role == "leadership":
        raise access.AccessDenied("leadership may not change alert settings", role=scope.role, name=recipient)


def _write(db: Database, name: str, **params: object) -> list[tuple[object, ...]]:
    """Runs an analyst-only write query; callers check first that a member changes its own only."""
    text = load_sql(name)
    with db.write() as con:
        return con.execute(text, params).fetchall()


def save_channel(
    db: Database,
    recipient: str,
    kind: str,
    address: str,
    *,
    by: Scope,
    lang: str = "zh",
    delivery: str = "immediate",
    quiet_from: int | None = None,
    quiet_to: int | None = None,
) -> str:
    """Adds a channel (or updates its settings); returns its id. ``address``: an e-mail address,
    or for a robot the name of the secret holding its key (never the key)."""
    _check_own(by, recipient)
    if kind not in KINDS:
        raise InvalidAlertSetting(f"unknown channel kind {kind!r}", field="kind", value=kind)
    if kind == "email":
        try:
            address = users.normalise_email(address)
        except users.InvalidUser as exc:
            raise InvalidAlertSetting(str(exc), field="email", value=address) from exc
        misread = email_problem(address)
        if misread:
            raise InvalidAlertSetting(f"e-mail address {address!r}: {misread}", field="email", value=address)
    elif not ROBOT_NAME.match(address or ""):
        raise InvalidAlertSetting(
            f"a robot is named by its secret's name (letters, digits, _ -): {address!r}", field="robot", value=address
        )
    elif by.role != "analyst":
        raise access.AccessDenied("only analysts add robots (their keys are server secrets)", role=by.role, name=kind)
    if lang not in ("zh", "en"):
        raise InvalidAlertSetting(f"unknown language {lang!r}", field="lang", value=lang)
    if delivery not in DELIVERY:
        raise InvalidAlertSetting(f"unknown delivery {delivery!r}", field="delivery", value=delivery)
    for hour in (quiet_from, quiet_to):
        if hour is not None and not 0 <= hour <= 23:
            raise InvalidAlertSetting(f"quiet hours are 0-23, not {hour}", field="quiet", value=hour)
    if (quiet_from is None) != (quiet_to is None):
        raise QuietHoursHalfSet(
            f"quiet hours need a start and an end hour, or neither (from {quiet_from}, to {quiet_to})",
            field="quiet", value=f"{quiet_from}-{quiet_to}",
        )  # fmt: skip
    found = channel_id(recipient, kind, address)
    _write(
        db,
        "alerts/channel_save",
        channel_id=found,
        recipient=recipient,
        kind=kind,
        address=address,
        lang=lang,
        delivery=delivery,
        quiet_from=quiet_from,
        quiet_to=quiet_to,
    )
    return found


def remove_channel(db: Database, channel: str, *, by: Scope) -> bool:
    """Removes a channel; False when there was none (or it is not the member's own)."""
    if by.role == "leadership":
        raise access.AccessDenied("leadership may not change alert settings", role=by.role, name=channel)
    own = recipient_of(by) if by.role == "member" else None
    return bool(_write(db, "alerts/channel_remove", channel_id=channel, recipient=own))


def channels_of(db: Database, recipient: str | None, *, scope: Scope) -> pd.DataFrame:
    return db.query("alerts/channels_of", scope=scope, recipient=recipient)


def save_watch(db: Database, recipient: str, kind: str, value: str, *, by: Scope) -> None:
    """Adds an entry to the watch list: a brand, plaintiff or law firm by (part of) its name, a
    sector by a code of the sectors table (an unknown code is refused: it would never match)."""
    _check_own(by, recipient)
    value = " ".join((value or "").split())
    if kind not in WATCH_KINDS:
        raise InvalidAlertSetting(f"unknown watch kind {kind!r}", field="kind", value=kind)
    if not value or len(value) > 200:
        raise InvalidAlertSetting("a watch needs a name or code of at most 200 characters", field="value", value=value)
    if kind == "sector":
        found = db.query("alerts/sector_code", value=value)
        if found.empty:
            raise InvalidAlertSetting(f"unknown sector code {value!r}", field="sector", value=value)
        value = str(found["sector_code"].iloc[0])
    _write(db, "alerts/watch_save", recipient=recipient, kind=kind, value=value)


def remove_watch(db: Database, recipient: str, kind: str, value: str, *, by: Scope) -> bool:
    """Removes an entry from the watch list (its value as save_watch stores it); False when the
    recipient did not watch it."""
    _check_own(by, recipient)
    value = " ".join((value or "").split())
    if kind == "sector":
        found = db.query("alerts/sector_code", value=value)
        value = value if found.empty else str(found["sector_code"].iloc[0])
    return bool(_write(db, "alerts/watch_remove", recipient=recipient, kind=kind, value=value))


def watch_of(db: Database, recipient: str | None, *, scope: Scope) -> pd.DataFrame:
    return db.query("alerts/watch_of", scope=scope, recipient=recipient)


def recipient_alerts(db: Database, recipient: str, *, scope: Scope, limit: int = 200) -> pd.DataFrame:
    return db.query("alerts/recipient_alerts", scope=scope, recipient=recipient, limit=limit)


def outbox(db: Database, status: str | None = None, limit: int = 500) -> pd.DataFrame:
    return db.query("alerts/outbox", status=status, limit=limit)


def delivery_log(db: Database, failures_only: bool = False, limit: int = 500) -> pd.DataFrame:
    return db.query("alerts/delivery_log", failures_only=failures_only, limit=limit)


def resend(db: Database, alert_id: str, *, by: Scope, today: dt.date | None = None) -> list[str]:
    """Queues an alert (by its id or the id's first 8+ characters) to go out again at the next
    ``alerts send``; returns the ids queued. Analysts only."""
    access.require_analyst(by, "resend alerts")
    with db.write() as con:
        ids = [
            str(row[0])
            for row in con.execute(
                load_sql("alerts/resend"), {"alert_id": alert_id.strip(), "today": today or dt.date.today()}
            ).fetchall()
        ]
        con.execute(load_sql("alerts/resend_deliveries"), {"alert_ids": ids})
    return ids
