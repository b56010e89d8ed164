"""Opt-in log of script runs, for measuring the server's own time per page view.

When the environment variable ``CASEWATCH_RUN_LOG`` names a file, every run of a page appends one
JSON line to it:

    {"at": <unix seconds at the end>, "session": <Streamlit session id>, "page": <url path>,
     "data_version": <int>, "seconds": <wall seconds from the start of the script to the end of the
     page>, "cpu_seconds": <CPU seconds of the run's thread>, "outcome": "finished" | "stopped" |
     "rerun" | "error"}

``rerun`` is a run cut short by a rerun (the reader clicked again, or an import changed the data
under it); ``stopped`` a page that ended in st.stop(). The time is measured inside the server, so
unlike a browser's view of it, it does not include waiting for a busy browser. Unset: nothing is
written and nothing is measured beyond two clock reads.
"""

from __future__ import annotations

import json
import logging
import os
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from streamlit.runtime.scriptrunner_utils.exceptions import RerunException, StopException
from streamlit.runtime.scriptrunner_utils.script_run_context import get_script_run_ctx

ENV = "CASEWATCH_RUN_LOG"
LOG = logging.getLogger(__name__)
# script runs of all sessions are threads of one process: one line written at a time
_write_lock = threading.Lock()


@dataclass(frozen=True)
class RunStart:
    wall: float  # time.perf_counter()
    cpu: float  # time.thread_time() of the script thread


def start() -> RunStart:
    """The clocks at the start of a script run (call first thing in the entry script)."""
    return RunStart(time.perf_counter(), time.thread_time())


@contextmanager
def page_run(started: RunStart, page: str, data_version: int) -> Iterator[None]:
    """Around the page's run: appends its log line when CASEWATCH_RUN_LOG is set."""
    target = os.environ.get(ENV)
    if not target:
        yield
        return
    outcome = "error"
    try:
        yield
        outcome = "finished"
    except RerunException:
        outcome = "rerun"
        raise
    except StopException:
        outcome = "stopped"
        raise
    finally:
        script = get_script_run_ctx()
        line = {
            "at": round(time.time(), 3),
            "session": script.session_id if script else None,
            "page": page,
            "data_version": int(data_version),
            "seconds": round(time.perf_counter() - started.wall, 4),
            "cpu_seconds": round(time.thread_time() - started.cpu, 4),
            "outcome": outcome,
        }
        try:
            with _write_lock, open(target, "a", encoding="utf-8") as log:
                log.write(json.dumps(line) + "\n")
        except OSError as exc:  # a measurement aid must not replace the run's own rerun or stop
            LOG.warning("run log %s not written: %s", target, exc)
