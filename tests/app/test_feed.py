"""The Data page's court feed panel (AppTest): before any run, a run started from the page
against the CourtListener replay on 127.0.0.1, and a refused token shown as a message."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import pytest
from pytest_httpserver import HTTPServer

from casewatch.db import Database
from tests.app.test_pages import app_db  # noqa: F401 - the fixture
from tests.support.apptest import errors, open_page
from tests.support.databases import fetch
from tests.support.feed_replay import TOKEN, Replay, base_url, schedule_a, serve, start_server


@pytest.fixture(scope="module")
def server() -> Iterator[HTTPServer]:
    yield from start_server()


@pytest.fixture
def feed_env(server: HTTPServer, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Replay:
    replay = Replay(base_url(server))
    filed = (dt.date.today() - dt.timedelta(days=3)).isoformat()  # inside the first search's 30 days
    replay.add(schedule_a(7001, "1:26-cv-09001", filed, "Omega Brands"))
    serve(server, replay)
    monkeypatch.setenv("CASEWATCH_COURTLISTENER_URL", replay.base_url)
    monkeypatch.setenv("CASEWATCH_COURTLISTENER_TOKEN", TOKEN)
    monkeypatch.setenv("CASEWATCH_COURTLISTENER_LIMITS", "5/minute,50/hour,125/day")
    monkeypatch.setenv("CASEWATCH_INBOX_DIR", str(tmp_path / "inbox"))
    return replay


def metrics(at: object) -> dict[str, str]:
    return {m.label: m.value for m in at.metric}  # type: ignore[attr-defined]


def test_panel_before_any_run_in_chinese(app_db: str, feed_env: Replay) -> None:  # noqa: F811
    at = open_page("pages/data.py", lang="zh")
    assert not errors(at)
    shown = metrics(at)
    assert shown["上次同步"] == "从未" and shown["今日剩余额度"] == "125" and shown["队列"] == "0 个等待"


def test_a_run_started_from_the_page_brings_the_docket(app_db: str, feed_env: Replay) -> None:  # noqa: F811
    at = open_page("pages/data.py", lang="en")
    assert metrics(at)["Last run"] == "never"
    at.button(key="feed_start").click()
    at.run()
    assert not errors(at)
    assert any(s.value.startswith("Run 1: 4 requests;") for s in at.success)
    shown = metrics(at)
    # one search page and the docket, its parties and its entries: 4 of today's 125
    assert (shown["Brought in"], shown["Budget left today"], shown["Queue"]) == ("1 dockets", "121", "0 waiting")
    assert feed_env.paths() == ["search/", "dockets/7001/", "parties/", "docket-entries/"]
    with Database(app_db) as db:
        assert fetch(db, "SELECT plaintiff, case_kind FROM cases WHERE case_id = 'ilnd:1:26-cv-09001'") == [
            ("Omega Brands", "schedule_a")
        ]


def test_a_refused_token_is_a_message_on_the_page(
    app_db: str,  # noqa: F811
    feed_env: Replay,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("CASEWATCH_COURTLISTENER_TOKEN", "revoked")
    at = open_page("pages/data.py", lang="en")
    at.button(key="feed_start").click()
    at.run()
    assert not at.exception
    assert any("refused the API token (HTTP 401)" in e.value for e in at.error)
    assert any("Last error" in w.value for w in at.warning)
