"""The start-up warm-up fills the caches a first visit to the overview reads."""

from __future__ import annotations

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
