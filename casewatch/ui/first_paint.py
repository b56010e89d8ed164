"""First paint: a fresh session sees its page's title and figures at once, and its charts as soon
as the browser can draw them.

Measured in a browser (docs/benchmarks.md, issue 27): when every element of the overview reaches a
newly loaded browser together, it draws none of them until the plotly charts are drawn: Streamlit's
chart module is a 4.7 MB chunk that the browser fetches, parses and runs (about 0.7 s of its main
thread here) only when the first chart arrives, and the figures wait behind it. So:

- a session's first run draws each chart as a placeholder of its size and the filters as a header;
- the page's HTML carries a preload hint for the chart module (``chart_files()``, an HTTP ``Link``
  header added by casewatch.ui.routes), so it is fetched and parsed while the page and its first
  run load (measured: the charts come 0.3 s sooner, the KPIs about 0.1 s later);
- a small component at the end of that run (``st.components.v2``, inline JavaScript, nothing from
  outside) waits until the browser has drawn and painted it, then asks for the next run (a trigger
  value; its callback marks the session painted) and runs the chart module (``import()``), so the
  browser runs it while the server computes the charts.

That run is also the session's first rerun, which Streamlit 1.67 with st.navigation treats as a
page change (dropping a widget change made in it): it happens by itself, so the reader's first
change is not lost - the job the server-side boot rerun did before, at the price of a blank page.
A fragment timer asks for it should the component not have (``FALLBACK_MS``).
"""

from __future__ import annotations

import functools
import re
from datetime import timedelta
from pathlib import Path

import streamlit as st

PAINTED = "casewatch_painted"
CHART_HEIGHT = 450  # plotly's default height: the page does not jump when the chart comes
# the fallback: a fragment timer asks for the charts if the component has not by then
FALLBACK_MS = 4000
# the component asks for the charts at the latest this long after the first run reached the browser
PATIENCE_MS = 2500
# Streamlit's frontend chunks that the run with the charts needs, by name without the build hash.
# The chart module is 4.7 MB: fetched and parsed as the page itself loads (an HTTP Link header,
# casewatch.ui.routes), and run (about 0.7 s of the browser's main thread here) once the first run
# is painted, while the server computes the charts.
CHART_CHUNK = "PlotlyChart"
_STATIC = Path(st.__file__).resolve().parent / "static" / "static" / "js"

# When the run has been drawn (its script finished, no element waiting for its module) and painted
# (two animation frames: the first comes before that frame's paint), or after PATIENCE_MS at the
# latest: ask for the next run and run the chart module (import(), at the URL the frontend itself
# loads it from, next to its entry module: it is loaded once).
_JS = """
export default function (component) {
  const { data, setTriggerValue } = component;
  const entry = document.querySelector('script[type="module"][src*="/static/js/"]');
  const url = (name) => new URL(name, entry.src).href;
  const app = document.querySelector('[data-testid="stApp"]');
  // drawn: the script has finished and no element still waits for its module (Streamlit shows a
  // skeleton in its place until then)
  const drawn = () => (!app || app.getAttribute("data-test-script-state") === "notRunning")
    && !document.querySelector('[data-testid="stSkeleton"]');
  let asked = false;
  const go = () => {
    asked = true;
    observer.disconnect();
    clearTimeout(timer);
    setTriggerValue("painted", true);
    if (!entry || !data) return;
    for (const name of data.run || []) import(url(name)).catch(() => {});
  };
  let waiting = false;
  const check = () => {
    if (asked || waiting || !drawn()) return;
    waiting = true;  // still drawn two frames later: painted
    requestAnimationFrame(() => requestAnimationFrame(() => {
      waiting = false;
      if (!asked && drawn()) go();
    }));
  };
  const observer = new MutationObserver(check);
  observer.observe(document.body, { attributes: true, childList: true, subtree: true,
                                    attributeFilter: ["data-test-script-state"] });
  const timer = setTimeout(() => { if (!asked) go(); }, (data && data.patience_ms) || 3000);
  check();
  return () => { observer.disconnect(); clearTimeout(timer); };
}
"""


def first_run() -> bool:
    """True in a session's first run (its charts wait for the next run)."""
    return not st.session_state.get(PAINTED)


def placeholder(height: int = CHART_HEIGHT) -> None:
    """Where a chart will be: an empty box of its height."""
    st.container(height=height, border=False)


@functools.cache
def chunk_files(stems: tuple[str, ...], folder: Path = _STATIC) -> tuple[str, ...]:
    """File names of Streamlit's frontend chunks ``<stem>.<hash>.js`` as this Streamlit ships them;
    a stem with no such file (another Streamlit) is left out."""
    names = sorted(path.name for path in folder.glob("*.js"))
    found: list[str] = []
    for stem in stems:
        pattern = re.compile(rf"{re.escape(stem)}\.[A-Za-z0-9_-]+\.js")
        found.extend(name for name in names if pattern.fullmatch(name))
    return tuple(found)


_IMPORT = re.compile(r"""(?:\bfrom|\bimport)\s*["']\./([A-Za-z0-9_.-]+\.js)["']""")
_ENTRY = re.compile(r"""<script\b[^>]*\bsrc=["']\./static/js/([A-Za-z0-9_.-]+\.js)["']""")


def _closure(names: set[str], folder: Path) -> set[str]:
    """The modules named and every module they import statically (``from"./x.js"``), in folder."""
    seen: set[str] = set()
    todo = list(names)
    while todo:
        name = todo.pop()
        if name in seen:
            continue
        seen.add(name)
        path = folder / name
        if path.is_file():
            todo.extend(set(_IMPORT.findall(path.read_text(encoding="utf-8"))) - seen)
    return seen


@functools.cache
def chart_files(folder: Path = _STATIC) -> tuple[str, ...]:
    """The chart module first, then the modules it imports that the page's entry module (named in
    the index page beside the js folder) does not load anyway."""
    index = folder.parent.parent / "index.html"
    entry = set(_ENTRY.findall(index.read_text(encoding="utf-8"))) if index.is_file() else set()
    chart = chunk_files((CHART_CHUNK,), folder)
    rest = _closure(set(chart), folder) - _closure(entry, folder) - set(chart)
    return (*chart, *sorted(rest))


@functools.cache
def _component() -> object:
    return st.components.v2.component("casewatch_first_paint", js=_JS)


def _painted() -> None:
    st.session_state[PAINTED] = True


def finish_first_run() -> None:
    """At the end of a first run (also of a page that ended in st.stop()), in the sidebar (nothing
    moves in the page): the component that asks for the run with the charts once this one is
    painted, and the fallback timer."""
    if not first_run():
        return
    with st.sidebar:
        _component()(  # type: ignore[operator]
            key="casewatch_first_paint",
            data={"run": list(chunk_files((CHART_CHUNK,))), "patience_ms": PATIENCE_MS},
            on_painted_change=_painted,
        )
        _fallback()


def _fallback() -> None:
    @st.fragment(run_every=timedelta(milliseconds=FALLBACK_MS))
    def _then_draw_the_charts() -> None:
        if st.session_state.get("_casewatch_first_run_drawn"):
            st.session_state[PAINTED] = True
            st.rerun(scope="app")
        st.session_state["_casewatch_first_run_drawn"] = True  # the full run's own call

    _then_draw_the_charts()
