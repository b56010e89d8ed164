"""First paint: how long a fresh browser session waits for the overview's first KPI and first
chart, beside bare Streamlit pages (one metric; one metric and one plotly chart) on the same
machine in the same run.

    .venv/bin/python bench/first_paint.py [--db PATH] [--runs 3]

The three servers run side by side. Each one's very first session is timed as it starts (the
others idle), then each gets one warm-up session, then ``--runs`` rounds of one fresh session
(a new browser context) per server in turn: bare metric, bare chart, CaseWatch. Interleaved, a
drift of the machine's speed during the run (other work, thermal) falls on all three alike rather
than on whichever server was measured then; run one after the other, the bare pages alone moved
by 25-35 % between runs here (docs/benchmarks.md, session 17). A session is timed from
navigation to the first ``stMetric`` and the first drawn plotly chart, as painted in the page
(``PAINT_CLOCK``), and left 1.5 s to finish its page before the next starts; only one session
runs at a time. The median is reported, and each session's times are printed. Prints a table;
the numbers go into docs/benchmarks.md by hand.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import statistics
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.support.browser import CHROMIUM, CHROMIUM_ARGS, start_app  # noqa: E402

BARE_METRIC = """import streamlit as st
st.metric("cases", 1234, 5)
"""
BARE_CHART = """import plotly.graph_objects as go
import streamlit as st
st.metric("cases", 1234, 5)
st.plotly_chart(go.Figure(go.Bar(x=["a", "b", "c"], y=[3, 1, 2])))
"""
SETTLE_MS = 1500
METRIC = '[data-testid="stMetric"]'
CHART = '[data-testid="stPlotlyChart"] .main-svg'


# In the page: the moment each element first appears in the document, taken at the next animation
# frame (when the browser paints it), in milliseconds from the start of the navigation. Playwright's
# own wait notices an element only when the page's main thread is free: on a page that starts
# running the 4.7 MB chart module right after it painted its figures, that is 0.7 s late (the bare
# chart page, which runs it before, shows the same now and then).
PAINT_CLOCK = (
    """
window.__painted = {};
new MutationObserver(() => {
  for (const [name, selector] of [["metric", METRIC], ["chart", CHART_SELECTOR]]) {
    if (!(name in window.__painted) && document.querySelector(selector)) {
      window.__painted[name] = null;
      requestAnimationFrame(() => { window.__painted[name] = performance.now(); });
    }
  }
}).observe(document, {childList: true, subtree: true});
"""
    .replace("METRIC", json.dumps(METRIC))
    .replace("CHART_SELECTOR", json.dumps(CHART))
)


def time_session(browser: object, url: str, chart: bool) -> tuple[float, float | None]:
    """Seconds from navigation to the first metric and (when asked) the first drawn chart, as
    painted in the page."""
    context = browser.new_context(viewport={"width": 1400, "height": 1000})  # type: ignore[attr-defined]
    context.add_init_script(PAINT_CLOCK)
    page = context.new_page()
    page.goto(url)
    page.wait_for_function("window.__painted && window.__painted.metric", timeout=120_000)
    if chart:
        page.wait_for_function("window.__painted.chart", timeout=120_000)
    painted = page.evaluate("window.__painted")
    # the page finishes (its other charts, the tables) before the next session starts: each
    # session is timed on its own, as each reader's browser runs on its own computer
    page.wait_for_timeout(SETTLE_MS)
    context.close()
    return painted["metric"] / 1000, (painted["chart"] / 1000 if chart else None)


@dataclass(frozen=True)
class Page:
    script: str  # app.py: CaseWatch (from the repository); the bare pages are written to a folder
    chart: bool


PAGES = (Page("metric.py", chart=False), Page("chart.py", chart=True), Page("app.py", chart=True))


def measure(browser: object, db: str, folder: Path, runs: int) -> dict[str, dict[str, float]]:
    """Per page script: the first session's and the median session's times (see the module)."""
    firsts: dict[str, tuple[float, float | None]] = {}
    timings: dict[str, list[tuple[float, float | None]]] = {page.script: [] for page in PAGES}
    with contextlib.ExitStack() as stack:
        urls = {}
        for page in PAGES:
            app_dir = ROOT if page.script == "app.py" else folder
            urls[page.script] = stack.enter_context(start_app(db, app_dir=app_dir, script=page.script)).url
            firsts[page.script] = time_session(browser, urls[page.script], page.chart)
        for page in PAGES:  # warm-up
            time_session(browser, urls[page.script], page.chart)
        for _ in range(runs):
            for page in PAGES:
                timings[page.script].append(time_session(browser, urls[page.script], page.chart))
    results = {}
    for page in PAGES:
        mine = timings[page.script]
        first_metric, first_chart = firsts[page.script]
        shown = ", ".join(f"{m:.2f}" + (f"/{c:.2f}" if c else "") for m, c in mine)
        first = f"{first_metric:.2f}" + (f"/{first_chart:.2f}" if first_chart else "")
        print(f"{page.script}: first session {first}; then {shown}")
        result = {"first_session_metric": first_metric, "metric": statistics.median(t[0] for t in mine)}
        if page.chart:
            result["first_session_chart"] = first_chart or 0.0
            result["chart"] = statistics.median(t[1] or 0.0 for t in mine)
        results[page.script] = result
    return results


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--db", default=str(ROOT / "data" / "demo.duckdb"))
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    from playwright.sync_api import sync_playwright

    with tempfile.TemporaryDirectory() as tmp, sync_playwright() as playwright:
        folder = Path(tmp)
        (folder / "metric.py").write_text(BARE_METRIC, encoding="utf-8")
        (folder / "chart.py").write_text(BARE_CHART, encoding="utf-8")
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        results = measure(browser, args.db, folder, args.runs)
        browser.close()
    metric, chart, app = results["metric.py"], results["chart.py"], results["app.py"]
    print("| | first KPI | first chart | first session: KPI | first session: chart |")
    print("|---|---|---|---|---|")
    print(f"| bare metric page | {metric['metric']:.2f} s | | {metric['first_session_metric']:.2f} s | |")
    print(f"| bare metric + chart page | {chart['metric']:.2f} s | {chart['chart']:.2f} s | "
          f"{chart['first_session_metric']:.2f} s | {chart['first_session_chart']:.2f} s |")
    print(f"| CaseWatch overview | {app['metric']:.2f} s | {app['chart']:.2f} s | "
          f"{app['first_session_metric']:.2f} s | {app['first_session_chart']:.2f} s |")
    print(f"| ratio (target 1.2x; first session 1.5x) | {app['metric'] / metric['metric']:.2f}x | "
          f"{app['chart'] / chart['chart']:.2f}x | {app['first_session_metric'] / metric['metric']:.2f}x | "
          f"{app['first_session_chart'] / chart['chart']:.2f}x |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
