"""The start-up warm-up fills the caches a first visit to the overview reads."""

from __future__ import annotations

import gc

import pytest
import streamlit as st

from casewatch.db import Database
from casewatch.ui import context, warmup


def test_warm_up_fills_the_overview_caches(tiny_db: Database, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tiny_db.path
    tiny_db.close()
    monkeypatch.setenv("CASEWATCH_DB", path)
    st.cache_data.clear()
    st.cache_resource.clear()
    try:
        warmup.start().join(timeout=60)
        calls: list[str] = []
        real = Database.query_at
        monkeypatch.setattr(Database, "query_at", lambda self, *a, **k: calls.append(a[1]) or real(self, *a, **k))
        version = context.database(path).data_version()
        context.filter_options(path, version)
        context.vocabulary(path, version)
        assert calls == []  # served from the caches the warm-up filled
    finally:
        st.cache_data.clear()
        st.cache_resource.clear()


def test_the_server_start_waits_for_the_warm_up(tiny_db: Database, monkeypatch: pytest.MonkeyPatch) -> None:
    """app.py runs the warm-up in st.App's lifespan: the server answers no one before it is done."""
    import asyncio
    from concurrent.futures import ThreadPoolExecutor

    path = tiny_db.path
    tiny_db.close()
    monkeypatch.setenv("CASEWATCH_DB", path)
    st.cache_data.clear()
    st.cache_resource.clear()
    order: list[str] = []
    real_warm = warmup.warm
    monkeypatch.setattr(warmup, "warm", lambda: (real_warm(), order.append("warmed")))

    async def start_server() -> None:
        async with warmup.lifespan(None):
            order.append("serving")

    gc.unfreeze()
    try:
        # a thread of its own: the browser tests' Playwright may hold this thread's event loop
        with ThreadPoolExecutor(1) as thread:
            thread.submit(asyncio.run, start_server()).result(timeout=60)
        assert order == ["warmed", "serving"]
        assert gc.get_freeze_count() > 0  # what the start-up left alive is out of the collector's view
        calls: list[str] = []
        real = Database.query_at
        monkeypatch.setattr(Database, "query_at", lambda self, *a, **k: calls.append(a[1]) or real(self, *a, **k))
        version = context.database(path).data_version()
        context.filter_options(path, version)
        assert calls == []
    finally:
        gc.unfreeze()  # the rest of the test process collects as before
        st.cache_data.clear()
        st.cache_resource.clear()


def test_a_slow_warm_up_does_not_keep_the_server_shut(monkeypatch: pytest.MonkeyPatch) -> None:
    import asyncio
    import threading
    from concurrent.futures import ThreadPoolExecutor

    release = threading.Event()
    monkeypatch.setattr(warmup, "warm", lambda: release.wait(10))
    monkeypatch.setattr(warmup, "TIMEOUT", 0.2)
    opened: list[bool] = []

    async def start_server() -> None:
        async with warmup.lifespan(None):
            opened.append(True)

    gc.unfreeze()
    try:
        with ThreadPoolExecutor(1) as thread:
            thread.submit(asyncio.run, start_server()).result(timeout=5)
        assert opened == [True]
        assert gc.get_freeze_count() == 0  # the heap is still growing: nothing frozen
    finally:
        release.set()
