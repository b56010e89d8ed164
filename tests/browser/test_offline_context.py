"""The browser tests' guard (tests/support/browser.py offline_context): a request to anything but
the app fails, is recorded, and never reaches its server, a live one on loopback included; the
app's own requests go through."""

from __future__ import annotations

import urllib.request

import pytest
from pytest_httpserver import HTTPServer

from tests.support.browser import LiveApp, wait_ready

pytestmark = pytest.mark.browser

FETCH = "url => fetch(url, {mode: 'no-cors'}).then(() => 'answered', () => 'failed')"


def test_requests_outside_the_app_fail_and_are_recorded(page: object, live_app: LiveApp) -> None:
    page.goto(f"{live_app.url}/overview")  # type: ignore[attr-defined]
    wait_ready(page)
    assert page.context.blocked == []  # type: ignore[attr-defined]
    assert page.evaluate(FETCH, f"http://127.0.0.1:{live_app.port}/_stcore/health") == "answered"  # type: ignore[attr-defined]
    other = HTTPServer(host="127.0.0.1", port=0)  # another server on this machine, not the app
    other.expect_request("/").respond_with_data("ok")
    other.start()
    try:
        with urllib.request.urlopen(f"http://127.0.0.1:{other.port}/", timeout=10) as answer:  # it answers
            assert answer.read() == b"ok"
        outside = [other.url_for("/x"), "http://example.com/x", "https://example.com/y"]
        for url in outside:
            assert page.evaluate(FETCH, url) == "failed", url  # type: ignore[attr-defined]
        assert page.context.blocked == outside  # type: ignore[attr-defined]
        assert len(other.log) == 1  # Python's request only: the browser's never arrived
    finally:
        other.clear()
        other.stop()
