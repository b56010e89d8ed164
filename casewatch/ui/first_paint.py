"""First paint: a fresh session sees its page's title, figures and filters at once, and its charts
a moment later.

Measured in a browser (docs/benchmarks.md, issue 27): when every element of the overview reaches a
newly loaded browser together, it draws none of them until the plotly charts are drawn, and the
KPIs wait about 4 s longer than on a bare Streamlit page. So a session's first run draws each
chart as a placeholder of its size, and a one-shot timer in the browser (a fragment's
``run_every``, which starts once the browser has drawn that run) asks for a full run that draws
the charts. That run is also the session's first rerun, which Streamlit 1.67 with st.navigation
treats as a page change (dropping a widget change made in it): it happens by itself, so the
reader's first change is not lost - the job the server-side boot rerun did before, at the price
of a blank page.
"""

from __future__ import annotations

from datetime import timedelta

import streamlit as st

PAINTED = "casewatch_painted"
CHART_HEIGHT = 450
# how long after the browser has the first run the charts are asked for: long enough for a
# freshly loaded browser to draw the figures first (measured: 0.1-0.2 s is not, 0.5 s is)
DELAY_MS = 500  # plotly's default height: the page does not jump when the chart comes


def first_run() -> bool:
    """True in a session's first run (its charts wait for the next run)."""
    return not st.session_state.get(PAINTED)


def placeholder(height: int = CHART_HEIGHT) -> None:
    """Where a chart will be: an empty box of its height."""
    st.container(height=height, border=False)


def finish_first_run() -> None:
    """In a first run, before the page: the timer that asks for the run with the charts (before the
    page, so that a page ending in st.stop() gets its charts too)."""
    if not first_run():
        return

    @st.fragment(run_every=timedelta(milliseconds=DELAY_MS))
    def _then_draw_the_charts() -> None:
        if st.session_state.get("_casewatch_first_run_drawn"):
            st.session_state[PAINTED] = True
            st.rerun(scope="app")
        st.session_state["_casewatch_first_run_drawn"] = True  # the full run's own call

    _then_draw_the_charts()
