"""Work a cold server would otherwise do in its first visitor's session, done at start-up: the
database opened, the reference data, filter options and status read, the overview's queries for
the default view run into the shared caches, the chart and page modules imported, Streamlit's own
first-draw work done (``streamlit_private.warm_first_draw``), and the heap settled (``settle_heap``).

Measured (docs/benchmarks.md, issue 27): the first session after a server start waited about a
second longer for its KPIs than later ones, and in a background thread started beside the server the
warm-up still competed with that session for the interpreter. So app.py runs it in the server's
start-up (``lifespan``): after Streamlit's runtime has started (its caches are the ones the
sessions read) and before the server answers anyone. A failure here only means the first visitor
does the work, so it is logged, not raised; a warm-up that takes longer than ``TIMEOUT`` goes on in
its thread while the server opens.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import gc
import importlib
import logging
import threading
import time
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

import pandas as pd
import plotly.io

from casewatch import charts
from casewatch.access import SYSTEM
from casewatch.charts.overview import monthly_trend, ranked_bars
from casewatch.filters import Filters
from casewatch.ui import context, streamlit_private

LOG = logging.getLogger(__name__)
TIMEOUT = 30.0  # seconds the server's start waits for the warm-up
MODULES = ("casewatch.ui.blocks", "casewatch.ui.sidebar")  # the pages' own, beyond the charts imported above


def warm() -> None:
    """Fills the caches a first visit to the overview reads (the local analyst's view)."""
    for name in MODULES:
        importlib.import_module(name)
    streamlit_private.warm_first_draw()
    path = context.current_path()
    db = context.database(path)
    version = db.data_version()
    vocabulary = context.vocabulary(path, version)
    context.cached_status(path, version)
    context.filter_options(path, version)
    today = dt.date.today()
    filters = Filters.default(today)
    ctx = context.PageContext(path, version, "zh", filters, vocabulary, today, SYSTEM)
    ctx.filtered("overview/kpis")
    ctx.filtered("overview/kpis", filters.previous_period())
    monthly = ctx.filtered("overview/monthly")
    for name in ("overview/top_cities", "overview/top_sectors"):
        ctx.filtered(name, limit=12)
    _build_figures(monthly, ctx.filtered("overview/top_brands", limit=12))


def _build_figures(monthly: pd.DataFrame, brands: pd.DataFrame) -> None:
    """Builds and serialises one figure of each of the overview's kinds, as a session would: the
    first figures a process builds import some 70 plotly, narwhals and pandas modules (about 0.2 s
    of the first session's runs, measured)."""
    figures = [monthly_trend(monthly, "zh", "", approximate=False)]
    if not brands.empty:
        figures.append(ranked_bars(brands, label="plaintiff", value="defendant_instances", lang="zh", title=""))
    for figure in figures:
        plotly.io.to_json(charts.inert(figure), validate=False)


def _warm_quietly() -> None:
    try:
        warm()
    except Exception:
        LOG.warning("warm-up at start-up failed; the first session will be slower", exc_info=True)


def start() -> threading.Thread:
    """Warms the caches in a daemon thread; returns it (tests join it)."""
    thread = threading.Thread(target=_warm_quietly, name="casewatch-warmup", daemon=True)
    thread.start()
    return thread


@asynccontextmanager
async def lifespan(_app: object) -> AsyncIterator[None]:
    """st.App's start-up hook: the warm-up in its thread, which the server's start waits for (up to
    TIMEOUT, polled: no executor thread is left waiting on it)."""
    thread = start()
    deadline = time.monotonic() + TIMEOUT
    while thread.is_alive() and time.monotonic() < deadline:
        await asyncio.sleep(0.02)
    if thread.is_alive():
        LOG.warning("warm-up still running after %.0f s; the server opens without waiting", TIMEOUT)
    else:
        settle_heap()
    yield


def settle_heap() -> None:
    """Collects once, then moves every object alive now (modules, caches, reference data: the
    start-up's, kept for the process's life) out of the cyclic collector's view (``gc.freeze``).
    Otherwise the first full collection, over all of them, falls in the first session after a start:
    0.1 s of its first run, measured (docs/benchmarks.md, issue 27), and a share of every later
    full collection. Objects freed later by reference counting are freed as before."""
    gc.collect()
    gc.freeze()
