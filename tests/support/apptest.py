"""AppTest helpers. Streamlit 1.67's AppTest does not run the entry script again after
``switch_page()`` (the sidebar and the global filters vanish), so every run here asks for the
default page and dashboard.py opens the page named in session state ``casewatch_start_page``."""

from __future__ import annotations

from pathlib import Path

from streamlit.testing.v1 import AppTest

from casewatch.ui.first_paint import STAGE, WHOLE

ROOT = Path(__file__).resolve().parent.parent.parent
PAGES = sorted(p.relative_to(ROOT).as_posix() for p in (ROOT / "pages").glob("*.py"))


def open_page(page: str = "pages/overview.py", *, stage: int = WHOLE, **query: str) -> AppTest:
    """A dashboard AppTest that opens ``page`` with the given URL query parameters, already run, at
    ``stage`` of a fresh session's page (casewatch.ui.first_paint)."""
    at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=60)
    at.session_state["casewatch_start_page"] = page
    at.session_state[STAGE] = stage  # AppTest runs no browser timer: WHOLE draws the charts at once
    for name, value in query.items():
        at.query_params[name] = value
    return rerun(at)


def rerun(at: AppTest) -> AppTest:
    """Run again (after setting widget values) with the entry script, on the same page."""
    at._finished_page_script_hash = ""
    at._page_hash = ""
    return at.run()


def errors(at: AppTest) -> list[str]:
    return [str(e.value) for e in at.exception] + [str(e.value) for e in at.error]
