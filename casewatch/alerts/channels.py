"""Channels: how one message reaches one recipient, through apprise (SMTP e-mail and the WeCom,
DingTalk and Feishu group robots), with the secrets read from the environment or
.streamlit/secrets.toml - never from the database, whose channel rows name a robot's secret only.

Secrets, the environment first:
- SMTP server: ``--smtp``, else ``CASEWATCH_SMTP_URL``, else ``[alerts] smtp_url``:
  ``smtp://[user:password@]host:port`` (plain; ``?mode=starttls`` to upgrade) or ``smtps://...`` (TLS);
- sender: ``CASEWATCH_SMTP_FROM``, else ``[alerts] smtp_from``, else casewatch@localhost;
- a robot named NAME: ``CASEWATCH_ROBOT_NAME`` (upper case, - as _), else ``[alerts.robots] NAME``:
  the WeCom key, the Feishu token, or the DingTalk access token (``token:signing-secret`` when the
  robot signs requests).
"""

from __future__ import annotations

import contextvars
import datetime as dt
import os
import re
import time
import tomllib
from collections import deque
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import quote, unquote, urlencode, urlsplit

import apprise
import apprise.plugins.dingtalk
import apprise.plugins.wecombot
from apprise.utils.parse import is_email, parse_emails

from casewatch.errors import CaseWatchError
from casewatch.sql import ROOT

KINDS = ("email", "wecom", "dingtalk", "feishu")
# Messages a minute one channel may take: WeCom and DingTalk robots take 20; Feishu custom bots 100;
# e-mail is paced so that a mail server does not take a digest run for a flood.
RATE_PER_MINUTE = {"email": 60, "wecom": 20, "dingtalk": 20, "feishu": 100}
SECRETS_FILE = ROOT / ".streamlit" / "secrets.toml"
ROBOT_NAME = re.compile(r"^[A-Za-z0-9_-]{1,64}$")
_TOKEN = re.compile(r"^[A-Za-z0-9_-]+$")
_CONTROL = re.compile(r"[\x00-\x1f\x7f\u2028\u2029]+")


class ChannelError(CaseWatchError):
    """A channel that cannot be used: no SMTP server named, a robot's secret missing or malformed."""

    key = "alerts.error.channel"


@dataclass(frozen=True)
class Channel:
    channel_id: str
    recipient: str
    kind: str
    address: str  # an e-mail address, or the name of a robot's secret
    lang: str = "zh"


@dataclass(frozen=True)
class Secrets:
    smtp_url: str | None
    smtp_from: str
    robots: Mapping[str, str] = field(default_factory=dict)

    @classmethod
    def load(cls, smtp_url: str | None = None, path: Path = SECRETS_FILE) -> Secrets:
        """Secrets from the arguments, the environment and the secrets file, in that order."""
        table: dict[str, Any] = {}
        if path.is_file():
            with path.open("rb") as handle:
                table = tomllib.load(handle).get("alerts", {})
        robots = {str(k): str(v) for k, v in (table.get("robots") or {}).items()}
        for name, value in os.environ.items():
            if name.startswith("CASEWATCH_ROBOT_"):
                robots[name.removeprefix("CASEWATCH_ROBOT_").lower()] = value
        return cls(
            smtp_url=smtp_url or os.environ.get("CASEWATCH_SMTP_URL") or table.get("smtp_url"),
            smtp_from=os.environ.get("CASEWATCH_SMTP_FROM") or table.get("smtp_from") or "casewatch@localhost",
            robots=robots,
        )

    def robot(self, name: str) -> str:
        key = self.robots.get(name.lower().replace("-", "_")) or self.robots.get(name)
        if not key:
            raise ChannelError(
                f"no secret for robot {name!r} (CASEWATCH_ROBOT_{name.upper()} or [alerts.robots])", name=name
            )
        return key

    def hidden(self) -> tuple[str, ...]:
        """Every secret value, to be blanked out of error texts before they are stored."""
        values = [v for v in self.robots.values() if v]
        if self.smtp_url:
            password = urlsplit(self.smtp_url).password
            if password:  # as written in the URL and as the server knows it
                values += [password, unquote(password)]
        return tuple(values)


def apprise_url(channel: Channel, secrets: Secrets) -> str:
    """The apprise URL of a channel; plain-text format everywhere, so no markdown or HTML of a case
    text is ever rendered (DingTalk and Feishu would render markdown). A robot's text goes as it is
    given (overflow=upstream): a long one is cut before, into parts that fit (casewatch/alerts/parts.py)."""
    if channel.kind == "email":
        misread = email_problem(channel.address)
        if misread:
            raise ChannelError(f"e-mail address {channel.address!r}: {misread}", name=channel.address)
        if not secrets.smtp_url:
            raise ChannelError("no SMTP server: pass --smtp smtp://host:port or set CASEWATCH_SMTP_URL", name="smtp")
        problem = smtp_url_problem(secrets.smtp_url)
        if problem:
            raise ChannelError(f"{redacted(secrets.smtp_url)}: {problem}", name="smtp")
        parts = urlsplit(secrets.smtp_url)
        mode = _smtp_options(parts.query).get("mode") or ("ssl" if parts.scheme == "smtps" else "insecure")
        port = parts.port or (465 if parts.scheme == "smtps" else 25)
        user = ""
        if parts.username:  # as written in the URL, percent-encoded; apprise decodes once
            login, password = unquote(parts.username), unquote(parts.password or "")
            user = quote(login, safe="") + ":" + quote(password, safe="") + "@"
        query = urlencode({"mode": mode, "from": secrets.smtp_from, "to": channel.address, "format": "text"})
        scheme = "mailtos" if mode in ("ssl", "starttls") else "mailto"
        return f"{scheme}://{user}{parts.hostname}:{port}?{query}"
    key = secrets.robot(channel.address)
    if channel.kind == "dingtalk":
        token, _, signing = key.partition(":")
        if not _TOKEN.match(token) or (signing and not _TOKEN.match(signing)):
            raise ChannelError(f"the DingTalk secret of {channel.address!r} is malformed", name=channel.address)
        return f"dingtalk://{signing + '@' if signing else ''}{token}/?format=text&overflow=upstream"
    if not _TOKEN.match(key):
        raise ChannelError(f"the secret of robot {channel.address!r} is malformed", name=channel.address)
    scheme = {"wecom": "wecombot", "feishu": "feishu"}[channel.kind]
    return f"{scheme}://{key}/?format=text&overflow=upstream"


def email_problem(address: str) -> str | None:
    """Why apprise would not mail ``address`` as it is written, or None. apprise (2.3) reads the
    recipient with its own patterns: ``o'brien@example.com`` as a display name "o" and the address
    brien@example.com, ``x,y@example.com`` as two recipients, ``a@localhost.x`` as a@localhost - a
    member's case news would go to someone else's mailbox. Such an address is refused when a channel
    is saved and fails its deliveries if a channel holds one."""
    found: list[str] = parse_emails(address)  # type: ignore[no-untyped-call]
    parsed: dict[str, str] | bool = is_email(address) if found == [address] else False  # type: ignore[no-untyped-call]
    if not isinstance(parsed, dict):
        return "apprise does not read it as one e-mail address"
    if str(parsed["full_email"]).lower() != address.lower():
        return f"apprise would send it to {parsed['full_email']!r} instead"
    return None


SMTP_MODES = ("insecure", "ssl", "starttls")


def _smtp_options(query: str) -> dict[str, str]:
    return dict(item.split("=", 1) for item in query.split("&") if "=" in item)


def smtp_url_problem(url: str) -> str | None:
    """What is wrong with an SMTP server URL (``smtp://[user:password@]host:port[?mode=starttls]``
    or ``smtps://...``), or None: checked before a run writes anything, so that a mistyped port
    stops ``alerts send`` with a message instead of a traceback halfway through."""
    parts = urlsplit(url)
    if parts.scheme not in ("smtp", "smtps"):
        return "not an SMTP URL (smtp://host:port or smtps://host:port)"
    if not parts.hostname:
        return "no host"
    try:
        port = parts.port
    except ValueError:
        return "the port is not a number from 1 to 65535"
    if port == 0:
        return "the port is not a number from 1 to 65535"
    mode = _smtp_options(parts.query).get("mode")
    if mode is not None and mode not in SMTP_MODES:
        return f"mode is one of {', '.join(SMTP_MODES)}"
    return None


def redacted(url: str) -> str:
    """An SMTP URL with its password, if any, as ***: fit for a message or a log."""
    parts = urlsplit(url)
    if parts.password is None:
        return url
    netloc = parts.netloc.rpartition("@")
    user = netloc[0].partition(":")[0]
    return parts._replace(netloc=f"{user}:***@{netloc[2]}").geturl()


def plain(text: object, limit: int = 300) -> str:
    """A case text as one inert line: control characters and line breaks (a header injection in a
    subject) become spaces, runs of spaces one; cut at ``limit`` characters."""
    if text is None:
        return ""
    cleaned = " ".join(_CONTROL.sub(" ", str(text)).split())
    return cleaned if len(cleaned) <= limit else cleaned[: limit - 1] + "…"


# What the robots answered with an error code to the sends of the transmit() in progress.
_REFUSALS: contextvars.ContextVar[list[str] | None] = contextvars.ContextVar("robot_refusals", default=None)


class _AnswerCheck:
    """``requests`` as apprise's WeCom and DingTalk plugins call it: the same, except that a POST's
    answer is read. Those robots refuse a message (too long, too many a minute, a wrong key) with
    HTTP 200 and a non-zero ``errcode`` in the JSON, which apprise 2.3 takes for a success (its Feishu
    plugin reads its ``code`` itself); the refusal is noted for transmit(), which fails the send."""

    def __init__(self, requests: Any) -> None:
        self._requests = requests

    def __getattr__(self, name: str) -> Any:
        return getattr(self._requests, name)

    def post(self, *args: Any, **kwargs: Any) -> Any:
        answer = self._requests.post(*args, **kwargs)
        refusals = _REFUSALS.get()
        if refusals is not None and answer.status_code == 200:
            try:
                content = answer.json()
            except ValueError:
                content = None
            if isinstance(content, dict) and content.get("errcode") not in (None, 0, "0"):
                refusals.append(
                    f"the robot refused the message: errcode {content['errcode']} {content.get('errmsg', '')}"
                )
        return answer


for _plugin in (apprise.plugins.wecombot, apprise.plugins.dingtalk):
    if not isinstance(_plugin.requests, _AnswerCheck):
        _plugin.requests = _AnswerCheck(_plugin.requests)  # type: ignore[attr-defined]


def transmit(url: str, title: str, body: str, hidden: tuple[str, ...] = ()) -> str | None:
    """Sends one message; None on success, else the reason (secrets blanked out). A robot's answer
    of HTTP 200 with an error code is a failure (see _AnswerCheck)."""
    sender = apprise.Apprise()  # a fresh plugin each time: apprise's own pause between sends is per instance
    if not sender.add(url):
        return "apprise refused the channel URL"
    refusals: list[str] = []
    token = _REFUSALS.set(refusals)
    try:
        with apprise.LogCapture(level=apprise.logging.WARNING) as logs:  # type: ignore[no-untyped-call]
            ok = sender.notify(body=body, title=title, body_format=apprise.NotifyFormat.TEXT)
            reason = logs.getvalue().strip() if hasattr(logs, "getvalue") else ""
    finally:
        _REFUSALS.reset(token)
    if ok and not refusals:
        return None
    reason = " ".join(" ".join([*refusals, reason]).split()) or "delivery failed"
    for secret in hidden:
        reason = reason.replace(secret, "***")
    return reason[:500]


class RateLimiter:
    """At most RATE_PER_MINUTE[kind] messages in any 60 s to one key - a robot or address, which
    several channels may share (a sliding window seeded with the key's recent sends from the
    delivery log, so a rerun keeps to it too)."""

    def __init__(
        self,
        rates: Mapping[str, int] = RATE_PER_MINUTE,
        clock: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        self.rates = rates
        self.clock = clock
        self.sleep = sleep
        self._sent: dict[str, deque[float]] = {}

    def seed(self, channel_id: str, ages_seconds: list[float]) -> None:
        now = self.clock()
        self._sent[channel_id] = deque(sorted(now - age for age in ages_seconds if age < 60))

    def wait(self, channel_id: str, kind: str) -> float:
        """Sleeps until the channel may take one more message; returns the seconds slept."""
        rate = self.rates.get(kind, 0)
        sent = self._sent.setdefault(channel_id, deque())
        slept = 0.0
        while rate > 0:
            now = self.clock()
            while sent and now - sent[0] >= 60:
                sent.popleft()
            if len(sent) < rate:
                break
            pause = 60 - (now - sent[0])
            self.sleep(pause)
            slept += pause
        sent.append(self.clock())
        return slept


def in_quiet_hours(quiet_from: int | None, quiet_to: int | None, local: dt.datetime) -> bool:
    """Whether the local time falls in [quiet_from, quiet_to) hours (across midnight when from > to)."""
    if quiet_from is None or quiet_to is None or quiet_from == quiet_to:
        return False
    hour = local.hour
    if quiet_from < quiet_to:
        return quiet_from <= hour < quiet_to
    return hour >= quiet_from or hour < quiet_to
