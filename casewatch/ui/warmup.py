"""Work a cold server would otherwise do in its first visitor's session, done at start-up: the
database opened, the reference data, filter options and status read, the overview's queries for
the default view run into the shared caches, and the chart and page modules imported.

Measured (docs/benchmarks.md, issue 27): the first session after a server start waited about a
second longer for its KPIs than later ones. Started by app.py in a background thread; a failure
here only means the first visitor does the work, so it is logged, not raised.
"""

from __future__ import annotations

import datetime as dt
import importlib
import logging
import threading

from casewatch.access import SYSTEM
from casewatch.filters import Filters
from casewatch.ui import context

LOG = logging.getLogger(__name__)
MODULES = ("plotly.graph_objects", "casewatch.charts", "casewatch.ui.blocks", "casewatch.ui.sidebar")


def warm() -> None:
    """Fills the caches a first visit to the overview reads (the local analyst's view)."""
    for name in MODULES:
        importlib.import_module(name)
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
    ctx.filtered("overview/monthly")
    for name in ("overview/top_cities", "overview/top_sectors", "overview/top_brands"):
        ctx.filtered(name, limit=12)


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
