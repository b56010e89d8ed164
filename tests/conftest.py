"""Shared fixtures: the tiny database (tests/support/databases.py) copied for each test, loopback only, the
browser fixtures (tests/support/browser.py)."""

from __future__ import annotations

import datetime as dt
import logging
import socket
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from casewatch.db import Database
from tests.support import templates
from tests.support.databases import FIXTURES, TINY_TABLES, build_tiny_file, fetch, load_csv_tables  # noqa: F401 - re-exported

LOOPBACK = ("127.0.0.1", "::1", "localhost")


@pytest.fixture(autouse=True)
def no_unexpected_errors(request: pytest.FixtureRequest) -> Iterator[None]:
    """Every test: the app hitting an unexpected error fails it. dashboard.py shows such an error
    as a translated note with a log reference (casewatch.ui.failures), which AppTest's
    ``at.exception`` does not see; its log record does (tests marked unexpected_error expect one)."""
    records: list[logging.LogRecord] = []
    handler = logging.Handler(logging.ERROR)
    handler.emit = records.append  # type: ignore[method-assign]
    logger = logging.getLogger("casewatch.ui.failures")
    logger.addHandler(handler)
    try:
        yield
    finally:
        logger.removeHandler(handler)
    if records and request.node.get_closest_marker("unexpected_error") is None:
        formatted = logging.Formatter().format(records[0])
        pytest.fail(f"the app hit an unexpected error:\n{formatted}")


@pytest.fixture(autouse=True)
def loopback_only(monkeypatch: pytest.MonkeyPatch) -> None:
    """Every test: a connection to any address but loopback fails the test before a packet leaves
    (the feed's replay server, the SMTP and robot stand-ins and the app server all listen on 127.0.0.1)."""
    real_connect = socket.socket.connect

    def connect(self: socket.socket, address: object) -> object:
        host = address[0] if isinstance(address, tuple) else address
        if self.family in (socket.AF_INET, socket.AF_INET6) and host not in LOOPBACK:
            raise AssertionError(f"a test tried to reach {address!r}: tests talk to loopback only")
        return real_connect(self, address)  # type: ignore[arg-type]

    monkeypatch.setattr(socket.socket, "connect", connect)


# Modules whose tests take longest, longest first (the per-module sums of one run's junit XML, every
# module of 10 s or more there: session 35, a loaded machine, so about 5 s or more quiet;
# docs/testing.md). They are collected first so that `make test`'s workers (-n auto --dist loadfile
# --no-loadscope-reorder, whole modules handed out in collection order) start on them and finish
# together, instead of one worker ending on a late long module while the other idles. Other modules
# keep their order.
LONGEST_FIRST = (
    "tests.unit.test_ingest",
    "tests.browser.test_login",
    "tests.unit.test_feed_kill",
    "tests.queries.test_fact_equivalence",
    "tests.unit.test_alerts_parts",
    "tests.unit.test_ingest_spellings",
    "tests.unit.test_matching",
    "tests.queries.test_cell_key",
    "tests.unit.test_export_fidelity",
    "tests.unit.test_alerts",
    "tests.unit.test_export",
    "tests.unit.test_ingest_dockets",
    "tests.unit.test_backup",
    "tests.unit.test_docket_endings",
    "tests.unit.test_demo",
    "tests.unit.test_ingest_files",
    "tests.unit.test_progress",
    "tests.unit.test_herding_shapes",
    "tests.unit.test_alerts_waves",
    "tests.unit.test_herding_truth",
    "tests.unit.test_alerts_kill",
    "tests.app.test_ingest",
    "tests.browser.test_overview",
    "tests.app.test_alerts_ical",
    "tests.unit.test_feed_budget",
    "tests.unit.test_feed_follow",
    "tests.unit.test_tro_extensions",
    "tests.queries.test_access",
    "tests.queries.test_facts_refresh",
    "tests.unit.test_report",
    "tests.app.test_herding_consistency",
    "tests.app.test_alerts",
    "tests.unit.test_concurrency",
    "tests.unit.test_alerts_scope",
    "tests.unit.test_herding_pipeline",
    "tests.browser.test_deeplink",
    "tests.app.test_markdown_text",
    "tests.app.test_report_audience",
    "tests.browser.test_herding",
    "tests.unit.test_resilience_exports",
    "tests.queries.test_cases",
    "tests.browser.test_breakdowns",
    "tests.unit.test_feed",
    "tests.app.test_breakdowns",
    "tests.unit.test_alerts_cli",
    "tests.browser.test_screenshots_script",
    "tests.unit.test_ingest_badfiles",
    "tests.unit.test_feed_queue",
    "tests.app.test_hostile_urls",
    "tests.unit.test_failures",
    "tests.unit.test_geo",
    "tests.unit.test_ingest_kill",
    "tests.app.test_pages",
    "tests.unit.test_auth",
    "tests.unit.test_matching_sellers",
    "tests.unit.test_matching_corpus",
)


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    rank = {name: i for i, name in enumerate(LONGEST_FIRST)}
    items.sort(key=lambda item: rank.get(getattr(getattr(item, "module", None), "__name__", ""), len(rank)))


@pytest.fixture(scope="session", autouse=True)
def database_templates(tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    """Fixture databases are built once per session (per xdist worker) and copied (tests/support/templates.py)."""
    templates.use_folder(tmp_path_factory.mktemp("templates"))
    yield
    templates.use_folder(None)


@pytest.fixture(scope="session", autouse=True)
def component_manifests_scanned_once() -> Iterator[None]:
    """Each new AppTest has Streamlit scan every installed distribution's metadata for v2 component
    manifests (0.28 s here, on a few hundred AppTests a run); the installed packages do not change
    while the tests run, so the first scan's answer stands for the session (per xdist worker).
    Where a Streamlit release moves the scanner, tests run as before, only slower."""
    try:
        from streamlit.components.v2 import manifest_scanner
    except ImportError:
        yield
        return
    scan = manifest_scanner.scan_component_manifests
    found = scan()

    def scanned(max_workers: int | None = None) -> list[Any]:
        return list(found)

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(manifest_scanner, "scan_component_manifests", scanned)
        yield


@pytest.fixture
def tiny_db(tmp_path: Path) -> Iterator[Database]:
    db = Database(templates.copy_of("tiny", build_tiny_file, tmp_path / "tiny.duckdb"))
    yield db
    db.close()


@pytest.fixture
def fresh_caches() -> Iterator[None]:
    """Streamlit's data and resource caches empty before and after the test (AppTest runs share them)."""
    import streamlit as st

    st.cache_data.clear()
    st.cache_resource.clear()
    yield
    st.cache_data.clear()
    st.cache_resource.clear()


@pytest.fixture
def q1_2024() -> dict[str, object]:
    """Filter params for 2024-01-01..2024-03-31 with no other filter."""
    from casewatch.filters import Filters

    return Filters(date_from=dt.date(2024, 1, 1), date_to=dt.date(2024, 3, 31)).params()


# Browser fixtures (browser, live_app, page) for every test module; see tests/support/browser.py.
# A local SMTP server on 127.0.0.1 (smtp) for the alert tests; see tests/support/alert_servers.py.
from tests.support.alert_servers import smtp  # noqa: E402, F401
from tests.support.browser import browser, live_app, page  # noqa: E402, F401
