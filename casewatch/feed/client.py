"""CourtListener REST v4 over httpx: token, API root, pages followed by their ``next`` cursor,
429 / 5xx / broken bodies retried with backoff (tenacity) honouring ``Retry-After``, and every
request let through the request budget first (``gate``)."""

from __future__ import annotations

import datetime as dt
import email.utils
import json
import os
import tomllib
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

import httpx
import tenacity

from casewatch.feed.budget import SYSTEM_CLOCK, Clock, Limit, limits_from_env
from casewatch.feed.errors import BadSetting, FeedUnavailable, Pause, TokenMissing, TokenRefused
from casewatch.sql import ROOT

DEFAULT_URL = "https://www.courtlistener.com/api/rest/v4/"
SECRETS = ROOT / ".streamlit" / "secrets.toml"
USER_AGENT = "CaseWatch court feed (industry association case monitor)"


@dataclass(frozen=True)
class Settings:
    base_url: str
    token: str | None
    limits: tuple[Limit, ...]
    attempts: int = 4  # tries of one request (429 / 5xx / broken body)
    max_wait: float = 90.0  # the longest a run waits (budget or Retry-After); longer: it stops
    timeout: float = 30.0

    @classmethod
    def from_env(cls, base_url: str | None = None, limits: tuple[Limit, ...] | None = None) -> Settings:
        """From --base-url / CASEWATCH_COURTLISTENER_URL, the token from CASEWATCH_COURTLISTENER_TOKEN
        or .streamlit/secrets.toml [courtlistener] token, limits from CASEWATCH_COURTLISTENER_LIMITS."""
        url = base_url or os.environ.get("CASEWATCH_COURTLISTENER_URL") or DEFAULT_URL
        if not url.startswith(("http://", "https://")):
            raise BadSetting(f"CourtListener API root must be an http(s) URL: {url}", name="base_url", value=url)
        return cls(
            base_url=url if url.endswith("/") else url + "/",
            token=token_from_settings(),
            limits=limits_from_env() if limits is None else limits,
        )


def token_from_settings() -> str | None:
    token = os.environ.get("CASEWATCH_COURTLISTENER_TOKEN", "").strip()
    if token:
        return token
    if SECRETS.is_file():
        try:
            section = tomllib.loads(SECRETS.read_text(encoding="utf-8")).get("courtlistener", {})
        except tomllib.TOMLDecodeError:
            return None
        value = section.get("token") if isinstance(section, dict) else None
        return str(value).strip() or None if value else None
    return None


class NotFound(FeedUnavailable):
    """404: the docket is gone or sealed."""


class RepeatedPage(FeedUnavailable):
    """A list's ``next`` cursor names a page already read: following it would never end."""


class _Transient(Exception):
    """A failure worth another try: 429, 5xx, a body cut short, a dropped connection."""

    def __init__(self, reason: str, retry_after: float | None = None) -> None:
        super().__init__(reason)
        self.retry_after = retry_after


def retry_after_seconds(value: str | None, now: dt.datetime) -> float | None:
    """Retry-After as seconds: a number of seconds or an HTTP date; None when absent or unreadable."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=dt.UTC)
    return max(0.0, (when - now).total_seconds())


Gate = Callable[[str], None]  # called before every request with its path; raises Pause


class CourtListener:
    """GETs against the API root; ``gate`` admits (and records) each request or raises Pause."""

    def __init__(
        self,
        settings: Settings,
        gate: Gate,
        clock: Clock = SYSTEM_CLOCK,
        transport: httpx.BaseTransport | None = None,
    ) -> None:
        if not settings.token:
            raise TokenMissing(
                "no CourtListener token: set CASEWATCH_COURTLISTENER_TOKEN or [courtlistener] token in "
                ".streamlit/secrets.toml"
            )
        self.settings = settings
        self._gate = gate
        self._clock = clock
        self._http = httpx.Client(
            base_url=settings.base_url,
            headers={
                "Authorization": f"Token {settings.token}",
                "User-Agent": USER_AGENT,
                "Accept": "application/json",
            },
            timeout=settings.timeout,
            follow_redirects=False,
            transport=transport,
        )

    def close(self) -> None:
        self._http.close()

    def __enter__(self) -> CourtListener:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def get(self, url: str, params: dict[str, str] | None = None) -> dict[str, Any]:
        """One JSON object from ``url`` (a path under the API root, or a ``next`` link into it)."""
        self._check_inside(url)
        retrying = tenacity.Retrying(
            retry=tenacity.retry_if_exception_type(_Transient),
            stop=tenacity.stop_after_attempt(self.settings.attempts),
            wait=self._wait,
            sleep=self._clock.sleep,
            reraise=True,
        )
        try:
            for attempt in retrying:
                with attempt:
                    return self._once(url, params)
        except _Transient as exc:
            raise FeedUnavailable(
                f"CourtListener kept failing ({exc}) after {self.settings.attempts} tries: {self._path(url)}",
                reason=str(exc),
                path=self._path(url),
            ) from exc
        raise AssertionError("unreachable")  # pragma: no cover - Retrying returns or raises

    def pages(self, url: str, params: dict[str, str] | None = None) -> Iterator[dict[str, Any]]:
        """Each page of a list endpoint, following ``next`` (cursor pagination) to the end. A
        ``next`` naming a page already read raises RepeatedPage: the list cannot be read whole, and
        a part of it (a party list cut short) must not pass for all of it."""
        page = self.get(url, params)
        yield page
        read: set[str] = set()
        while page.get("next"):
            following = str(page["next"])
            if following in read:
                raise RepeatedPage(
                    f"CourtListener's next page repeats one already read: {self._path(url)}",
                    reason="a next page already read",
                    path=self._path(url),
                )
            read.add(following)
            page = self.get(following)
            yield page

    def results(self, url: str, params: dict[str, str]) -> list[dict[str, Any]]:
        return [item for page in self.pages(url, params) for item in _results(page)]

    def docket(self, docket_id: int) -> dict[str, Any]:
        return self.get(f"dockets/{docket_id}/")

    def parties(self, docket_id: int) -> list[dict[str, Any]]:
        # filter_nested_results: each party's attorneys and types of this docket only
        return self.results("parties/", {"docket": str(docket_id), "filter_nested_results": "True"})

    def entries(self, docket_id: int) -> list[dict[str, Any]]:
        return self.results("docket-entries/", {"docket": str(docket_id), "order_by": "entry_number"})

    def _once(self, url: str, params: dict[str, str] | None) -> dict[str, Any]:
        path = self._path(url)
        self._gate(path)
        try:
            response = self._http.get(url, params=params)
        except httpx.TransportError as exc:  # refused, reset, timed out, body cut short
            raise _Transient(type(exc).__name__) from exc
        status = response.status_code
        if status in (401, 403):
            raise TokenRefused(
                f"CourtListener refused the token (HTTP {status}); check CASEWATCH_COURTLISTENER_TOKEN",
                status=status,
            )
        if status == 429 or status >= 500:
            wait = retry_after_seconds(response.headers.get("Retry-After"), self._clock.now())
            if wait is not None and wait > self.settings.max_wait:
                raise Pause(f"HTTP {status}, Retry-After {wait:.0f} s", self._clock.now() + dt.timedelta(seconds=wait))
            raise _Transient(f"HTTP {status}", wait)
        if status == 404:
            raise NotFound(f"CourtListener has no {path} (HTTP 404)", reason="HTTP 404", path=path)
        if status != 200:
            raise FeedUnavailable(
                f"CourtListener answered HTTP {status} for {path}", reason=f"HTTP {status}", path=path
            )
        try:
            body = json.loads(response.content)
        except ValueError as exc:
            raise _Transient("a broken JSON body") from exc
        if not isinstance(body, dict):
            raise _Transient("a JSON body that is not an object")
        return body

    def _wait(self, state: tenacity.RetryCallState) -> float:
        exc = state.outcome.exception() if state.outcome else None
        backoff = float(tenacity.wait_exponential(multiplier=2, min=2, max=60)(state))
        if isinstance(exc, _Transient) and exc.retry_after is not None:
            return max(exc.retry_after, 0.0)
        return backoff

    def _check_inside(self, url: str) -> None:
        """A ``next`` link is followed only under the API root it came from (never another host)."""
        if url.startswith(("http://", "https://")) and not url.startswith(self.settings.base_url):
            raise FeedUnavailable(
                f"refusing to follow a link outside the API root: {url}", reason="foreign link", path=url
            )

    def _path(self, url: str) -> str:
        text = url[len(self.settings.base_url) :] if url.startswith(self.settings.base_url) else url
        return text.split("?", 1)[0]


def _results(page: dict[str, Any]) -> list[dict[str, Any]]:
    results = page.get("results")
    if not isinstance(results, list):
        raise FeedUnavailable("a list page without results", reason="no results", path="?")
    return [item for item in results if isinstance(item, dict)]
