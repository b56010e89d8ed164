"""What the feed raises; each error's key names its zh/en message (casewatch/locales/*/feed.json)."""

from __future__ import annotations

from casewatch.errors import CaseWatchError


class BadSetting(CaseWatchError):
    """A feed setting (limits, base URL) that cannot be read."""

    key = "feed.error.bad_setting"


class TokenMissing(CaseWatchError):
    key = "feed.error.token_missing"


class TokenRefused(CaseWatchError):
    """CourtListener answered 401 or 403: the token is wrong, revoked or lacks the permission."""

    key = "feed.error.token_refused"


class FeedUnavailable(CaseWatchError):
    """CourtListener could not be reached or kept failing (5xx, broken bodies) after the retries."""

    key = "feed.error.unavailable"


class SyncRunning(CaseWatchError):
    """Another sync holds the feed's lease."""

    key = "feed.error.running"


class Pause(Exception):
    """Not an error: the run stops here, its work kept, because the budget is spent or the server
    asked to wait longer than a run waits. ``until`` is when the next request may go."""

    def __init__(self, reason: str, until: object) -> None:
        super().__init__(reason)
        self.reason = reason
        self.until = until
