"""First paint (issue 27): the stages a fresh session's page comes in, and the chart module's preload
hint - which frontend files it names, the header that carries it."""

from __future__ import annotations

import asyncio
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from casewatch.ui import first_paint, routes


def _static(tmp_path: Path, files: dict[str, str]) -> Path:
    """A Streamlit-like static folder: index.html beside static/js/<files>."""
    folder = tmp_path / "static" / "static" / "js"
    folder.mkdir(parents=True)
    (tmp_path / "static" / "index.html").write_text(
        '<script type="module" crossorigin src="./static/js/index.E1.js"></script>', encoding="utf-8"
    )
    for name, text in files.items():
        (folder / name).write_text(text, encoding="utf-8")
    return folder


def test_the_hint_names_the_chart_module_and_what_it_imports_beyond_the_entry(tmp_path: Path) -> None:
    # by hand: the entry loads shared (and, through it, base); the chart module imports shared and
    # own, own imports deep; a dynamic import("./lazy.js") is not fetched with it
    folder = _static(
        tmp_path,
        {
            "index.E1.js": 'import{a}from"./shared.S1.js";',
            "shared.S1.js": 'import"./base.B1.js";',
            "base.B1.js": "",
            "PlotlyChart.P1.js": 'import{a}from"./shared.S1.js";import{o}from"./own.O1.js";import("./lazy.L1.js")',
            "own.O1.js": 'import { d } from "./deep.D1.js";',
            "deep.D1.js": "",
            "lazy.L1.js": "",
            "PlotlyChartExtra.X1.js": "",
        },
    )
    assert first_paint.chart_files(folder) == ("PlotlyChart.P1.js", "deep.D1.js", "own.O1.js")


def test_no_chart_module_no_hint(tmp_path: Path) -> None:
    folder = _static(tmp_path, {"index.E1.js": "", "Other.O1.js": ""})
    assert first_paint.chart_files(folder) == ()
    assert routes.PreloadHints(_html_app, files=()).link == b""


def test_this_streamlit_still_ships_the_chart_module_the_hint_and_the_component_name() -> None:
    """Streamlit's frontend file names are not its API: a Streamlit that renames the chart chunk
    must fail here, not lose the preload silently."""
    files = first_paint.chart_files()
    assert files and files[0].startswith("PlotlyChart.") and files[0].endswith(".js")
    assert first_paint.chunk_files((first_paint.CHART_CHUNK,)) == files[:1]
    assert not any(name.startswith("index.") for name in files)  # the entry is loaded anyway
    assert all((first_paint._STATIC / name).is_file() for name in files)


def test_preload_link_header_value() -> None:
    assert routes.preload_link(("a.1.js", "b.2.js")) == (
        b"<./static/js/a.1.js>; rel=modulepreload; crossorigin, <./static/js/b.2.js>; rel=modulepreload; crossorigin"
    )


async def _html_app(scope: dict, receive: object, send: object) -> None:
    kind = b"text/html; charset=utf-8" if scope["path"] in ("/", "/overview") else b"application/json"
    await send({"type": "http.response.start", "status": 200, "headers": [(b"content-type", kind)]})  # type: ignore[operator]
    await send({"type": "http.response.body", "body": b"x"})  # type: ignore[operator]


def _headers(app: object, path: str, method: str = "GET") -> dict[bytes, bytes]:
    sent: list[dict] = []

    async def receive() -> dict:
        return {"type": "http.request", "body": b""}

    async def send(message: dict) -> None:
        sent.append(message)

    scope = {"type": "http", "method": method, "path": path, "headers": [], "query_string": b""}
    # a thread of its own: the browser tests' Playwright may hold this thread's event loop
    with ThreadPoolExecutor(1) as thread:
        thread.submit(asyncio.run, app(scope, receive, send)).result()  # type: ignore[operator]
    return dict(sent[0]["headers"])


@pytest.mark.parametrize(("path", "method", "hinted"), [
    ("/", "GET", True), ("/overview", "GET", True), ("/overview", "HEAD", True),
    ("/_stcore/health", "GET", False), ("/overview", "POST", False),
])
def test_html_pages_carry_the_hint_and_nothing_else_does(path: str, method: str, hinted: bool) -> None:
    app = routes.PreloadHints(_html_app, files=("PlotlyChart.P1.js",))
    headers = _headers(app, path, method)
    hint = b"<./static/js/PlotlyChart.P1.js>; rel=modulepreload; crossorigin"
    assert headers.get(b"link") == (hint if hinted else None)


@pytest.mark.parametrize(("stage", "drawn", "next_stage"), [
    # the first two charts of a page, asked in turn
    (first_paint.FIRST_SCREEN, [False, False], first_paint.LEAD_CHART),
    (first_paint.LEAD_CHART, [True, False], first_paint.WHOLE),
    (first_paint.WHOLE, [True, True], first_paint.WHOLE),
])
def test_each_stage_draws_its_charts(stage: int, drawn: list[bool], next_stage: int) -> None:
    screen = first_paint.Screen(stage)
    assert [screen.draws_chart() for _ in drawn] == drawn
    assert screen.next_stage() == next_stage
    assert screen.partial == (stage != first_paint.WHOLE)
    assert screen.first_screen == (stage == first_paint.FIRST_SCREEN)


def test_a_first_screen_with_no_chart_goes_straight_to_the_whole_page() -> None:
    # a page with no chart (a table, a form): no run for a first chart that is not there
    assert first_paint.Screen(first_paint.FIRST_SCREEN).next_stage() == first_paint.WHOLE
    screen = first_paint.Screen(first_paint.LEAD_CHART)
    assert screen.draws_chart() and not screen.draws_chart() and not screen.draws_chart()
    assert (screen.charts, screen.waiting) == (1, 2)


def test_a_late_callback_never_takes_the_page_back_a_stage(monkeypatch: pytest.MonkeyPatch) -> None:
    """The fallback timer drew the whole page; the first screen's callback, arriving after it,
    leaves it whole. In order, the callbacks move it on."""
    state: dict[str, int] = {}
    monkeypatch.setattr(first_paint.st, "session_state", state)
    first_paint._painted(first_paint.LEAD_CHART)
    assert state[first_paint.STAGE] == first_paint.LEAD_CHART
    first_paint._painted(first_paint.WHOLE)
    assert state[first_paint.STAGE] == first_paint.WHOLE
    first_paint._painted(first_paint.LEAD_CHART)  # late: the first screen's
    assert state[first_paint.STAGE] == first_paint.WHOLE
