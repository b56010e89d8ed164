"""scripts/screenshots.py refuses to capture a broken page: Streamlit's "Page not found" dialog
(a path the app does not have) or an exception; every path it opens is one the app has."""

from __future__ import annotations

import importlib.util
import sys
from types import ModuleType

import pytest

from tests.support.apptest import ROOT
from tests.support.browser import LiveApp, live_app, page, wait_ready  # noqa: F401 - fixtures

pytestmark = pytest.mark.browser


def screenshots() -> ModuleType:
    spec = importlib.util.spec_from_file_location("casewatch_screenshots", ROOT / "scripts" / "screenshots.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


def test_a_path_the_app_does_not_have_is_refused(page: object, live_app: LiveApp) -> None:  # noqa: F811
    script = screenshots()
    page.goto(f"{live_app.url}/no_such_page")  # type: ignore[attr-defined]
    page.wait_for_selector('[role="dialog"]', timeout=30_000)  # type: ignore[attr-defined]
    with pytest.raises(script.BrokenPage, match="dialog"):
        script.check_page(page, "/no_such_page")


def test_the_overview_path_the_script_opens_is_a_page(page: object, live_app: LiveApp) -> None:  # noqa: F811
    script = screenshots()
    assert script.dashboard_pages()[0] == "overview"
    page.goto(f"{live_app.url}/overview")  # type: ignore[attr-defined]
    wait_ready(page)
    script.check_page(page, "/overview")  # no "Page not found" dialog over the overview
