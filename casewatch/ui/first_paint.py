"""First paint: a fresh session sees its page's title and figures at once, then its first chart,
then the rest, each as soon as the browser can draw it.

Measured in a browser (docs/benchmarks.md, issue 27): when every element of the overview reaches a
newly loaded browser together, it draws none of them until the plotly charts are drawn: Streamlit's
chart module is a 4.7 MB chunk that the browser fetches, parses and runs (about 0.7 s of its main
thread here) only when the first chart arrives, and the figures wait behind it. Drawn in the same
run as the first chart, the other charts and the filter widgets held it back 0.3-0.4 s more. So a
fresh session's page comes in three runs (``stage()``):

- ``FIRST_SCREEN``: everything but the charts, the filter widgets and the sidebar's language
  switch, menu, demo banner and data caption (dashboard.py): drawn with the figures, the switch's
  module was fetched before theirs (session 19: the first KPI about 0.05 s sooner). Each chart is
  a placeholder of its size and the filters a header. The page's HTML carries a preload hint
  for the chart module (``chart_files()``, an HTTP ``Link`` header added by
  casewatch.ui.routes), so it is fetched and parsed while the page and its first run load
  (session 12: the charts came 0.3 s sooner, the KPIs about 0.1 s later).
- ``LEAD_CHART``: the page's first chart too (``Screen.draws_chart``); the filters still wait.
- ``WHOLE``: every chart and the filter widgets; every later run of the session.

A small component in each partial run (``st.components.v2``, inline JavaScript, nothing
from outside) waits until the browser has drawn and painted that run, then asks for the next one (a
trigger value; its callback moves the session to the next stage); after the first screen it also
runs the chart module (``import()``), so the browser runs it while the server computes the chart.

The run after the first screen is the session's first rerun, which Streamlit 1.67 with
st.navigation treats as a page change (dropping a widget change made in it): it happens by itself,
so the reader's first change is not lost - the job the server-side boot rerun did before, at the
price of a blank page. A fragment timer asks for the whole page should a component not have
(``FALLBACK_MS``).
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path

import streamlit as st

# the stage of its page a session's next run draws (session state); tests set WHOLE
STAGE = "casewatch_paint_stage"
FIRST_SCREEN, LEAD_CHART, WHOLE = 0, 1, 2
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


def stage() -> int:
    """The stage of a fresh session's page this run draws: FIRST_SCREEN, LEAD_CHART or WHOLE."""
    return int(st.session_state.get(STAGE, FIRST_SCREEN))


@dataclass
class Screen:
    """What of its page one run draws: the stage, and the charts drawn so far in the run."""

    stage: int = WHOLE
    charts: int = 0
    waiting: int = 0  # charts left as placeholders

    @property
    def partial(self) -> bool:
        return self.stage < WHOLE

    @property
    def first_screen(self) -> bool:
        return self.stage == FIRST_SCREEN

    def draws_chart(self) -> bool:
        """Whether the page's next chart is drawn in this run (else its placeholder): at
        LEAD_CHART the run's first chart only."""
        drawn = self.stage >= WHOLE or (self.stage == LEAD_CHART and self.charts == 0)
        self.charts += drawn
        self.waiting += not drawn
        return drawn

    def next_stage(self) -> int:
        """The stage the session's next run draws: a first screen with no chart waiting goes
        straight to the whole page."""
        return LEAD_CHART if self.stage == FIRST_SCREEN and self.waiting else WHOLE


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


def _painted(to: int) -> None:
    """The component's callback: the run it was drawn in was painted; the next run draws stage ``to``. A
    stage is never taken back: on a loaded server the fallback timer can have drawn the whole page
    before an earlier stage's callback comes in, and going back would redraw the page partial
    (and drop the downloads a reader may be clicking)."""
    st.session_state[STAGE] = max(stage(), to)


def ask_for_next_stage(screen: Screen) -> None:
    """Before the page of a partial run runs, in the sidebar (nothing moves in the page): the
    component that asks for the next stage once this run is painted, and the fallback timer.
    Before, not after: once a page calls st.stop() (a case's own page, a page with nothing to
    show), Streamlit draws nothing more in that run, and the session stayed at its first screen,
    without its menu, filters and language switch. Which stage comes next depends on the charts
    the page leaves waiting, so the callback works it out when it is called."""
    if not screen.partial:
        return
    with st.sidebar:
        _component()(  # type: ignore[operator]
            key=f"casewatch_first_paint_{screen.stage}",  # a new instance per stage: each asks once
            # the chart module is run after the first screen, while the server computes the chart
            data={
                "run": list(chunk_files((CHART_CHUNK,))) if screen.stage == FIRST_SCREEN else [],
                "patience_ms": PATIENCE_MS,
            },
            on_painted_change=lambda: _painted(screen.next_stage()),
        )
        _fallback(screen.stage)


def _fallback(now: int) -> None:
    armed = f"_casewatch_fallback_{now}"

    @st.fragment(run_every=timedelta(milliseconds=FALLBACK_MS))
    def _then_draw_the_page() -> None:
        # the timer's call, FALLBACK_MS after this stage's run; once the component has moved the
        # session on, it asks for nothing: a second run of the whole page would replace the one a
        # reader may be clicking in (a download's file is the run's)
        if st.session_state.get(armed) and stage() <= now:
            st.session_state[STAGE] = WHOLE
            st.rerun(scope="app")
        st.session_state[armed] = True  # the full run's own call

    _then_draw_the_page()
