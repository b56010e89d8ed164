"""The load script's verdicts (bench/load_sessions.py summarise): percentiles, the views after the
first loads, mixed versions, the import's effect and errors — worked out by hand on a small set of
views, so that "0 mixed, 0 errors" in docs/benchmarks.md rests on a checked count."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType

import pytest

ROOT = Path(__file__).resolve().parent.parent.parent


@pytest.fixture(scope="module")
def load() -> ModuleType:
    spec = importlib.util.spec_from_file_location("load_sessions", ROOT / "bench" / "load_sessions.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["load_sessions"] = module  # dataclasses look their module up while being built
    spec.loader.exec_module(module)
    return module


def a_run(load: ModuleType, *, version_after: int = 3) -> object:
    run = load.LoadRun("http://127.0.0.1:1", 2, 1, [], 0.0, 0.0, 1.0)
    view = load.View
    run.views = [
        # session, page, kind, started, seconds, version, fingerprint of the page's text
        view(0, "overview", "first_load", 0.0, 10.0, version=2, fingerprint="A"),
        view(1, "overview", "first_load", 1.0, 12.0, version=2, fingerprint="A"),
        view(0, "regions", "switch", 11.0, 1.0, version=2, fingerprint="R"),  # before every first load
        view(1, "regions", "switch", 17.0, 2.0, version=2, fingerprint="R"),  # drawn while the commit ran
        view(0, "overview", "switch", 20.0, 0.5, version=3, fingerprint="B"),
        view(1, "overview", "switch", 22.0, 3.0, version=3, fingerprint="B"),
        view(0, "trends", "switch", 25.0, 1.5, version=3, fingerprint="T1"),
        view(1, "trends", "switch", 26.0, 0.7, version=3, fingerprint="T2"),  # same page and version, other text
        view(0, "herding", "switch", 27.0, 0.9, version=3, fingerprint="H1"),
        view(1, "herding", "switch", 28.0, 0.8, version=3, fingerprint="H2", declared_stale=True),
        view(1, "cases", "switch", 30.0, 99.0, version=3, fingerprint="C", errors=["boom"]),
    ]
    run.texts = {view.fingerprint: f"text {view.fingerprint}" for view in run.views}
    run.browse_began = 13.0
    run.importer = load.ImportRun(committed_at=18.0, finished=19.0, version_before=2, version_after=version_after)
    return run


def test_render_times_and_the_views_after_the_first_loads(load: ModuleType) -> None:
    summary = load.summarise(a_run(load))
    # switches without errors: 1.0 2.0 0.5 3.0 1.5 0.7 0.9 0.8 -> sorted 0.5 0.7 0.8 0.9 1.0 1.5 2.0 3.0
    # median (0.9 + 1.0) / 2; p95 the value at round(0.95 * 7) = 7th (from 0): 3.0
    assert summary["render_switch"] == {"n": 8, "p50": 0.95, "p95": 3.0, "max": 3.0}
    # begun at or after 13 s: 2.0 0.5 3.0 1.5 0.7 0.9 0.8 -> 0.5 0.7 0.8 0.9 1.5 2.0 3.0; p95 at round(5.7) = 6
    assert summary["render_switch_after_first_loads"] == {"n": 7, "p50": 0.9, "p95": 3.0, "max": 3.0}
    assert summary["render_first_load"] == {"n": 2, "p50": 11.0, "p95": 12.0, "max": 12.0}
    assert summary["per_page"]["overview"] == {"n": 4, "p50": 6.5, "p95": 12.0, "max": 12.0}
    assert "cases" not in summary["per_page"]  # an errored view has no time
    assert summary["views_during_import"] == 1


def test_mixed_versions_changes_and_errors(load: ModuleType) -> None:
    summary = load.summarise(a_run(load))
    # trends at version 3 drawn with two texts; herding's second text says it is from an older
    # version (declared, not silent); overview's texts differ only across versions
    assert summary["mixed"] == {"trends@3": {"T1": 1, "T2": 1}}
    assert summary["mixed_texts"] == {"T1": "text T1", "T2": "text T2"}
    assert summary["import_changed_overview"] is True
    assert summary["errors"] == ["cases (session 1): boom"]
    assert summary["versions_seen"] == {2: 4, 3: 6}

    skipped = load.summarise(a_run(load, version_after=4))
    assert skipped["errors"][-1] == "import: version 2 -> 4, expected one step"


def test_an_import_that_changed_nothing_on_the_overview_is_reported(load: ModuleType) -> None:
    run = a_run(load)
    for view in run.views:
        if view.page == "overview":
            view.fingerprint = "A"
    assert load.summarise(run)["import_changed_overview"] is False
