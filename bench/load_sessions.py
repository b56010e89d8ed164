"""Load: N concurrent headless-chromium sessions browse every page while an analyst imports a week.

    .venv/bin/python bench/load_sessions.py [--sessions 20] [--rounds 2] [--db PATH | --scale 1]

A copy of a demo database (built at --scale, or --db copied) is served by `streamlit run` on
loopback (tests/support/browser.py start_app). One chromium holds a context per session; each session loads
the app, then clicks through every page in the sidebar (starting at a different page per session)
for --rounds rounds, reading each page for --think seconds on average before the next click;
sessions arrive spread over --ramp seconds, and each starts its walk right after its own first load.
With --warm-up the walks begin only once every session has loaded its first page (a fresh browser
context downloads and compiles 9.8 MB of JavaScript, 5-7 CPU seconds, and twenty of them on the
server's two cores starve everything for about two minutes, a cost that in use falls on each
reader's own computer, once); the first loads are timed and printed apart either way. Once a quarter
of the planned page views are done, another context uploads a cases file and a defendants file on
the Data page, validates and commits them: one import, one new data version, while all the sessions
keep browsing.

Three times per page view. Two, from the browser, both from the click (or the navigation, for a
first load), on the page's own clock (performance.now(), read in the page, so that a slow
driver cannot stretch them):
- server: until the server's "script finished" message for that run reaches the page (a
  listener on the app's websocket, installed before the app's code runs) — the app's own work:
  the script run, its queries and charts, and the wait behind other sessions' runs in the one
  server process;
- drawn (the "page render"): until the last change of the page's DOM once the script run is over:
  the run has drawn the hidden end-of-run mark (casewatch/ui/freshness.py; a page ending in
  st.stop() has none, and then the page must stay still for 2 s) and nothing changed for 0.3 s
  more.
And one from inside the server: the app writes a line per script run to its run log
(CASEWATCH_RUN_LOG, casewatch/ui/runlog.py) — wall seconds from the start of the script to the end
of the page, and the CPU seconds of the run — which no starved browser can delay.

Errors: exceptions or error boxes on a page, JavaScript errors, a lost connection, views that never
settle, a sidebar version that differs from the end mark's. Mixed versions: every view of one page
at one data version must show the same text (numbers, chart labels, captions), and the import must
change what the overview shows.

The sessions' browsers run on the same machine as the server, so the load generator competes
with what it measures: a Streamlit page view costs a chromium 1-3 CPU seconds (JavaScript,
layout, software raster), several times the server's cost. By default the browsers run at
`nice 19` (--client-nice) so that the server gets the CPU it would have with the readers on their
own computers. The whole load generator runs at that niceness: this script and Playwright's driver
too (they are not part of the app either), and they stay light — each view is one click and one
wait evaluated inside the page (no polling round trips), and no websocket frame crosses to the
driver. The drawn times still include waiting for the shared CPU, and the summary prints the CPU
seconds used by the server, the browsers and the driver.

With --url the script drives an app that is already running — on another machine, so that the
readers' browsers do not take the server's CPU, as they do not in use — and imports into that
app's database (demo data, local analyst mode); the server's CPU and run log are then not read.

Prints p50/p95/max per kind of view and per page, the error count and the consistency check;
``--json FILE`` writes the same as JSON. Exit status 1 when there were errors or mixed views.
"""

from __future__ import annotations

import argparse
import asyncio
import datetime as dt
import hashlib
import json
import os
import random
import re
import shutil
import statistics
import sys
import tempfile
import time
from collections import Counter, defaultdict
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from streamlit.proto.ForwardMsg_pb2 import ForwardMsg  # noqa: E402

from casewatch.db import Database  # noqa: E402
from casewatch.i18n import t  # noqa: E402
from tests.support.browser import CHROMIUM, CHROMIUM_ARGS, start_app  # noqa: E402

SETTLE_MS = 300
LONG_SETTLE_MS = 2000
VERSION = re.compile(r"(?:数据版本|Data version)\s*(\d+)")
# The herding page keeps showing its last computed results, labelled with their version, while
# it recomputes after an import (casewatch/ui/herding_views.py): a declared, not a silent, mix.
try:
    DECLARED_STALE: re.Pattern[str] | None = re.compile(
        re.escape(t("herding.cache.stale", "zh", computed="§", current="§")).replace("§", r"\d+")
    )
except KeyError:
    DECLARED_STALE = None
STAMP = re.compile(r"\d{4}-\d{2}-\d{2}[ T]\d{2}:\d{2}(?::\d{2})?")
# Installed in every page: the time of the last DOM change anywhere in the app, and when the
# latest script run started (the app's script-state attribute turning to "running").
OBSERVER_JS = """() => {
  if (window.__cw) return;
  window.__cw = {last: performance.now(), runStarted: -1};
  const app = document.querySelector('[data-testid="stApp"]');
  if (app.getAttribute('data-test-script-state') === 'running') window.__cw.runStarted = performance.now();
  new MutationObserver(records => {
    const now = performance.now();
    window.__cw.last = now;
    for (const r of records) {
      if (r.target === app && r.attributeName === 'data-test-script-state'
          && app.getAttribute('data-test-script-state') === 'running') window.__cw.runStarted = now;
    }
  }).observe(app, {subtree: true, childList: true, attributes: true, characterData: true});
}"""
STATE_JS = r"""() => {
  const app = document.querySelector('[data-testid="stApp"]');
  const main = document.querySelector('[data-testid="stMain"]');
  const marks = document.querySelectorAll('[data-testid="cw-run-complete"]');
  const side = document.querySelector('[data-testid="stSidebar"]');
  // elements whose code is still loading or that are not drawn yet (charts without their SVG)
  const pending = document.querySelectorAll(
    '[data-testid="stSkeleton"], [data-testid="stSkeletonElement"], [data-testid="stAppSkeleton"]').length
    + Array.from(document.querySelectorAll('[data-testid="stPlotlyChart"]'))
        .filter(chart => !chart.querySelector('.main-svg')).length;
  return {
    state: app ? app.getAttribute('data-test-script-state') : null,
    now: performance.now(),
    last: window.__cw ? window.__cw.last : 0,
    runStarted: window.__cw ? window.__cw.runStarted : -1,
    title: !!(main && main.querySelector('h1')),
    path: location.pathname,
    pending: pending,
    sidebarVersion: !!(side && /(数据版本|Data version)\s*\d+/.test(side.innerText)),
    mark: marks.length ? marks[marks.length - 1].getAttribute('data-run') : null,
    markVersion: marks.length ? Number(marks[marks.length - 1].getAttribute('data-version')) : null,
  };
}"""
# Installed before the app's code: notes when each "script finished" message reaches the page. The
# app's messages are ForwardMsg protobufs; a small one whose top-level fields include
# script_finished is the end of a run.
WATCH_JS = """(() => {
  const FIELD = __FIELD__;
  window.__cwFinished = [];
  const varint = (bytes, i) => {
    let value = 0, scale = 1, byte;
    do { byte = bytes[i++]; value += (byte & 127) * scale; scale *= 128; } while (byte & 128 && i < bytes.length);
    return [value, i];
  };
  const finishes = bytes => {
    let i = 0, tag, size;
    while (i < bytes.length) {
      [tag, i] = varint(bytes, i);
      const wire = tag & 7;
      if (Math.floor(tag / 8) === FIELD) return true;
      if (wire === 0) [, i] = varint(bytes, i);
      else if (wire === 1) i += 8;
      else if (wire === 2) { [size, i] = varint(bytes, i); i += size; }
      else if (wire === 5) i += 4;
      else return false;
    }
    return false;
  };
  const Native = window.WebSocket;
  window.WebSocket = class extends Native {
    constructor(...args) {
      super(...args);
      this.addEventListener('message', event => {
        if (event.data instanceof ArrayBuffer && event.data.byteLength < 1024
            && finishes(new Uint8Array(event.data))) window.__cwFinished.push(performance.now());
      });
    }
  };
})();""".replace("__FIELD__", str(ForwardMsg.DESCRIPTOR.fields_by_name["script_finished"].number))
# Resolves (inside the page) once the run asked for at sinceMs is over and the page is still; see
# LoadRun.settle.
SETTLED_JS = """([sinceMs, path, previousMark, startPath, settleMs, longSettleMs]) => {
  const state = (__STATE__)();
  const quiet = state.now - state.last;
  const here = state.path.replace(/^\\/+|\\/+$/g, '');
  const onPage = path === null || here === path;
  const marked = state.mark !== null && state.mark !== previousMark;
  const ran = sinceMs === null || marked || state.runStarted >= sinceMs || (onPage && here !== startPath);
  const drawn = state.title && state.sidebarVersion && !state.pending;
  const done = ran && state.state === 'notRunning' && drawn && onPage;
  if (!(done && ((marked && quiet >= settleMs) || quiet >= longSettleMs))) return false;
  const finished = (window.__cwFinished || []).filter(moment => moment >= (sinceMs || 0));
  return {last: state.last, marked: marked,
          finished: finished.length ? finished[finished.length - 1] : null};
}""".replace("__STATE__", STATE_JS)
# Reads the page's end mark and path, notes the time and clicks the index-th sidebar link.
CLICK_JS = """(index) => {
  const marks = document.querySelectorAll('[data-testid="cw-run-complete"]');
  const mark = marks.length ? marks[marks.length - 1].getAttribute('data-run') : null;
  const path = location.pathname.replace(/^\\/+|\\/+$/g, '');
  const since = performance.now();
  document.querySelectorAll('[data-testid="stSidebarNav"] a')[index].click();
  return {mark: mark, path: path, since: since};
}"""
# The page's text without what is not data: widgets' internals, the file uploader, data grids
# (drawn on a canvas), the sidebar (filters and the version caption, read separately).
VIEW_JS = """() => {
  const main = document.querySelector('[data-testid="stMain"]').cloneNode(true);
  main.querySelectorAll('[data-testid="stFileUploader"], [data-testid="stDataFrame"], '
    + '[data-testid="stDataFrameResizable"], [data-testid="stTooltipIcon"], .modebar-container')
    .forEach(node => node.remove());
  const side = document.querySelector('[data-testid="stSidebar"]');
  const errors = document.querySelectorAll(
    '[data-testid="stException"], [data-testid="stAlertContentError"], [data-testid="stConnectionStatus"]');
  return {
    text: main.innerText,
    sidebar: side ? side.innerText : '',
    errors: Array.from(errors).map(node => node.innerText.slice(0, 300)),
  };
}"""


@dataclass
class View:
    session: int
    page: str
    kind: str  # first_load | switch
    started: float  # seconds since the run began
    seconds: float
    server_seconds: float | None = None  # until the run's last "script finished" message reached the page
    version: int | None = None
    marked: bool = False  # the run drew the end-of-run mark (pages ending in st.stop() do not)
    fingerprint: str = ""
    declared_stale: bool = False  # the page says part of it is from an older version
    errors: list[str] = field(default_factory=list)


@dataclass
class ImportRun:
    started: float = 0.0
    committed_at: float = 0.0
    finished: float = 0.0
    version_before: int | None = None
    version_after: int | None = None
    message: str = ""
    errors: list[str] = field(default_factory=list)


def week_files(folder: Path, *, cases: int, defendants_per_case: int, filed: dt.date) -> list[Path]:
    """A cases file and a defendants file of new Schedule A cases filed in the month of ``filed``."""
    rng = random.Random(8)
    cities = ["440300", "440100", "440600", "441900", "440400", "445100"]
    sectors = ["S0101", "S0201", "S0301"]
    platforms = ["amazon", "temu", "shein", "aliexpress", "walmart"]
    case_rows = [
        "case_id,court,country,docket_number,case_name,filed_on,plaintiff,brand,law_firm,ip_type,case_kind,"
        "sector_code,nature_of_suit,source"
    ]
    defendant_rows = [
        "case_id,defendant_no,store_name,platform,seller_id,city_code,district,sector_code,outcome,frozen_usd"
    ]
    for number in range(cases):
        docket = f"1:{filed:%y}-cv-9{number:04d}"
        case_id = f"ilnd:{docket}"
        day = filed.replace(day=1 + number % 28)
        sector = sectors[number % len(sectors)]
        brand = f"Loadtest Brand {number}"
        case_rows.append(
            f"{case_id},ilnd,US,{docket},{brand} v. Schedule A,{day},{brand} Inc,{brand},Load Firm LLP,"
            f"trademark,schedule_a,{sector},840 Trademark,loadtest"
        )
        for no in range(1, defendants_per_case + 1):
            store = f"LT Store {number}-{no},{rng.choice(platforms)},LT{number:04d}{no:03d}"
            frozen = rng.randint(1, 50) * 100
            defendant_rows.append(f"{case_id},{no},{store},{rng.choice(cities)},,{sector},tro,{frozen}")
    paths = [folder / "loadtest_cases.csv", folder / "loadtest_defendants.csv"]
    paths[0].write_text("\n".join(case_rows) + "\n", encoding="utf-8")
    paths[1].write_text("\n".join(defendant_rows) + "\n", encoding="utf-8")
    return paths


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    if not ordered:
        return float("nan")
    index = min(len(ordered) - 1, max(0, round(share * (len(ordered) - 1))))
    return ordered[index]


class LoadRun:
    def __init__(
        self,
        url: str,
        sessions: int,
        rounds: int,
        files: list[Path],
        think: float,
        ramp: float,
        timeout: float,
        chromium: str = CHROMIUM,
        port: int = 0,
        warm_up: bool = False,
    ) -> None:
        self.url = url
        self.warm_up = warm_up
        self.loaded = 0  # sessions past their first load
        self.all_loaded = asyncio.Event()
        self.browse_began: float | None = None  # clock when the walks began (the end of the warm-up)
        self.cpu_at_browse: dict[str, float] | None = None
        self.port = port
        self.chromium = chromium
        self.ramp = ramp
        self.timeout = timeout
        self.think = think
        self.rng = random.Random(20)
        self.sessions = sessions
        self.rounds = rounds
        self.files = files
        self.views: list[View] = []
        self.page_errors: list[str] = []
        self.importer = ImportRun()
        self.nav: list[str] = []
        self.began = time.perf_counter()
        self.began_unix = time.time()  # the run log's lines are stamped in unix time
        self.planned = 0
        self.import_due = asyncio.Event()
        self.texts: dict[str, str] = {}  # fingerprint -> the page text it stands for
        self.open_contexts: list[Any] = []
        self.cpu: dict[str, float] = {}
        self.script_runs: list[dict[str, Any]] = []  # the server's run log (casewatch/ui/runlog.py)

    def clock(self) -> float:
        return time.perf_counter() - self.began

    async def where(self, page: Any) -> tuple[str | None, str]:
        """The page's current end-of-run mark and path."""
        state = await page.evaluate(STATE_JS)
        return state["mark"], state["path"].strip("/")

    async def settle(
        self, page: Any, since_ms: float | None, path: str | None, previous_mark: str | None, start_path: str = ""
    ) -> tuple[float, bool, float | None]:
        """Waits until the run asked for at since_ms (page clock; None for a first load) is over
        and the page is still: with a new end-of-run mark (casewatch/ui/freshness.py), SETTLE_MS
        of stillness; without one (a page that ends with st.stop()), LONG_SETTLE_MS. A run is
        known to have happened when the page's path changed to ``path``, the mark changed, or the
        app was seen running after since_ms. The check runs inside the page every 100 ms.
        Returns ms from since_ms (0 for a first load) to the page's last change, whether the run
        drew its end mark, and ms from since_ms to the last "script finished" message after it."""
        from playwright.async_api import TimeoutError as PlaywrightTimeout

        arg = [since_ms, path, previous_mark, start_path, SETTLE_MS, LONG_SETTLE_MS]
        try:
            handle = await page.wait_for_function(SETTLED_JS, arg=arg, polling=100, timeout=self.timeout * 1000)
        except PlaywrightTimeout:
            raise TimeoutError(f"page {path!r} did not settle in {self.timeout} s") from None
        result = await handle.json_value()
        since = since_ms or 0.0
        finished = None if result["finished"] is None else float(result["finished"] - since)
        return float(result["last"] - since), bool(result["marked"]), finished

    async def observe(self, page: Any, view: View) -> None:
        seen = await page.evaluate(VIEW_JS)
        match = VERSION.search(seen["sidebar"])
        view.version = int(match.group(1)) if match else None
        # a page may stamp when it was drawn (the monthly brief's "generated at"): not data
        text = STAMP.sub("<time>", seen["text"])
        view.declared_stale = bool(DECLARED_STALE and DECLARED_STALE.search(text))
        view.fingerprint = hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]
        self.texts.setdefault(view.fingerprint, text)
        view.errors.extend(seen["errors"])
        state = await page.evaluate(STATE_JS)
        if view.marked and view.version is not None and state["markVersion"] != view.version:
            view.errors.append(f"sidebar shows version {view.version}, the end mark {state['markVersion']}")
        if view.version is None:
            sidebar = " ".join(seen["sidebar"].split())[-160:]
            view.errors.append(f"no data version in the sidebar: …{sidebar} | {' '.join(seen['text'].split())[:160]}")

    async def first_load(self, page: Any, session: int) -> None:
        view = View(session, "overview", "first_load", self.clock(), 0.0)
        try:
            await page.goto(self.url + "/", wait_until="commit")
            await page.wait_for_selector('[data-testid="stApp"]', timeout=self.timeout * 1000)
            await page.evaluate(OBSERVER_JS)
            # the page's clock starts at the navigation: the time of its last change is the load time
            elapsed, view.marked, finished = await self.settle(page, None, None, None)
            view.seconds = elapsed / 1000
            view.server_seconds = None if finished is None else finished / 1000
            await self.observe(page, view)
        except Exception as exc:  # every failure of a view is counted and printed
            view.errors.append(f"{type(exc).__name__}: {exc}"[:300])
        self.views.append(view)

    async def switch(self, page: Any, session: int, index: int) -> None:
        path = self.nav[index]
        view = View(session, path or "overview", "switch", self.clock(), 0.0)
        try:
            clicked = await page.evaluate(CLICK_JS, index)
            elapsed, view.marked, finished = await self.settle(
                page, clicked["since"], path, clicked["mark"], clicked["path"]
            )
            view.seconds = elapsed / 1000
            view.server_seconds = None if finished is None else finished / 1000
            await self.observe(page, view)
        except Exception as exc:
            view.errors.append(f"{type(exc).__name__}: {exc}"[:300])
        self.views.append(view)
        if len(self.views) >= self.planned // 4:
            self.import_due.set()

    async def session(self, browser: Any, session: int) -> None:
        await asyncio.sleep(self.ramp * session / max(1, self.sessions))  # arrivals spread over --ramp
        context = await browser.new_context(viewport={"width": 1400, "height": 1000}, locale="zh-CN")
        await context.add_init_script(WATCH_JS)
        page = await context.new_page()
        page.on("pageerror", lambda error: self.page_errors.append(f"session {session}: {error}"[:300]))
        try:
            await self.first_load(page, session)
            if not self.nav:
                # pathnames of the sidebar's pages in order ("" for the default page at /)
                hrefs = await page.eval_on_selector_all(
                    '[data-testid="stSidebarNav"] a', "links => links.map(a => new URL(a.href).pathname)"
                )
                self.nav = [href.strip("/") for href in hrefs]
                self.planned = self.sessions * (1 + self.rounds * len(self.nav))
            self.loaded += 1
            if self.loaded == self.sessions:
                self.browse_began = self.clock()
                self.cpu_at_browse = cpu_seconds(self.port)
                self.all_loaded.set()
            if self.warm_up:  # the walks start together, once every session has its first page
                await self.all_loaded.wait()
            # the Data page is the importer's; sessions start their walk at different pages
            walk = [i for i, path in enumerate(self.nav) if path != "data"]
            start = session % len(walk)
            for _round in range(self.rounds):
                for index in walk[start:] + walk[:start]:
                    if self.think:  # a reader looks at the page before the next click
                        await asyncio.sleep(self.rng.uniform(0.5, 1.5) * self.think)
                    await self.switch(page, session, index)
        finally:
            self.open_contexts.append(context)  # closed at the end, after the browsers' CPU is read

    async def run_import(self, browser: Any) -> None:
        await self.import_due.wait()
        run = self.importer
        context = await browser.new_context(viewport={"width": 1400, "height": 1000}, locale="zh-CN")
        page = await context.new_page()
        try:
            run.started = self.clock()
            await page.goto(self.url + "/data", wait_until="commit")
            await page.wait_for_selector('[data-testid="stApp"]', timeout=self.timeout * 1000)
            await page.evaluate(OBSERVER_JS)
            await self.settle(page, None, "data", None)
            before = VERSION.search(await page.inner_text('[data-testid="stSidebar"]'))
            run.version_before = int(before.group(1)) if before else None
            actions = (
                lambda: page.set_input_files(
                    '[data-testid="stFileUploaderDropzoneInput"]', [str(p) for p in self.files]
                ),
                lambda: page.locator("button", has_text=t("intake.page.validate", "zh")).click(),
                lambda: page.locator("button", has_text=t("intake.page.commit", "zh")).click(),
            )
            for step, action in enumerate(actions):
                if step == 2:
                    run.committed_at = self.clock()
                previous, here = await self.where(page)
                since = await page.evaluate("() => performance.now()")
                await action()
                await self.settle(page, since, "data", previous, here)
            run.finished = self.clock()
            after = VERSION.search(await page.inner_text('[data-testid="stSidebar"]'))
            run.version_after = int(after.group(1)) if after else None
            success = page.locator('[data-testid="stAlertContentSuccess"]')
            run.message = (await success.first.inner_text()) if await success.count() else ""
            if not run.message:
                run.errors.append("no success message after the commit")
        except Exception as exc:
            run.errors.append(f"{type(exc).__name__}: {exc}"[:300])
        finally:
            self.open_contexts.append(context)

    async def run(self) -> None:
        from playwright.async_api import async_playwright

        async with async_playwright() as playwright:
            browser = await playwright.chromium.launch(executable_path=self.chromium, args=CHROMIUM_ARGS, headless=True)
            before = cpu_seconds(self.port)
            try:
                # the page list is read from the first session's sidebar; plan with a guess until then
                self.planned = self.sessions * (1 + self.rounds * 10)
                await asyncio.gather(
                    self.run_import(browser), *(self.session(browser, i) for i in range(self.sessions))
                )
                after = cpu_seconds(self.port)  # every renderer is still alive
                self.cpu = {name: after[name] - before[name] for name in after}
                if self.cpu_at_browse:  # the share spent after the last first load
                    self.cpu.update({f"{name}_browsing": after[name] - self.cpu_at_browse[name] for name in after})
            finally:
                for context in self.open_contexts:
                    await context.close()
                await browser.close()


def stats(values: list[float]) -> dict[str, float]:
    if not values:
        return {"n": 0}
    return {
        "n": len(values),
        "p50": round(statistics.median(values), 3),
        "p95": round(percentile(values, 0.95), 3),
        "max": round(max(values), 3),
    }


def summarise(run: LoadRun) -> dict[str, Any]:
    switches = [v.seconds for v in run.views if v.kind == "switch" and not v.errors]
    firsts = [v.seconds for v in run.views if v.kind == "first_load" and not v.errors]
    # switches clicked once every session had its first page: no browser compiling the app's
    # JavaScript beside them on the shared cores
    settled = [
        v.seconds
        for v in run.views
        if v.kind == "switch" and not v.errors and run.browse_began is not None and v.started >= run.browse_began
    ]
    every = switches + firsts
    served = [v.server_seconds for v in run.views if not v.errors and v.server_seconds is not None]
    served_switches = [
        v.server_seconds for v in run.views if v.kind == "switch" and not v.errors and v.server_seconds is not None
    ]
    per_page: dict[str, list[float]] = defaultdict(list)
    for view in run.views:
        if not view.errors:
            per_page[view.page].append(view.seconds)
    groups: dict[tuple[str, int | None], Counter[str]] = defaultdict(Counter)
    for view in run.views:
        if not view.errors and not view.declared_stale:
            groups[(view.page, view.version)][view.fingerprint] += 1
    mixed = {f"{page}@{version}": dict(prints) for (page, version), prints in groups.items() if len(prints) > 1}
    mixed_texts = {fp: run.texts[fp] for prints in mixed.values() for fp in prints}
    overview = {version: list(prints) for (page, version), prints in groups.items() if page == "overview"}
    imp = run.importer
    # views drawn while the commit ran: begun before it ended and not over before it began
    during = [
        v
        for v in run.views
        if imp.committed_at and v.started <= imp.finished and v.started + v.seconds >= imp.committed_at
    ]
    errors = [f"{v.page} (session {v.session}): {e}" for v in run.views for e in v.errors]
    errors += run.page_errors + [f"import: {e}" for e in imp.errors]
    if imp.version_before is not None and imp.version_after != imp.version_before + 1:
        errors.append(f"import: version {imp.version_before} -> {imp.version_after}, expected one step")
    changed = len({fp for prints in overview.values() for fp in prints}) >= 2 if len(overview) >= 2 else False

    # runs that drew their page to the end (st.stop() included); runs cut short by a rerun are counted
    complete = [r for r in run.script_runs if r["outcome"] in ("finished", "stopped")]
    runs_per_page: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for script_run in complete:
        runs_per_page[script_run["page"] or "overview"].append(script_run)
    # runs that overlapped the commit (and the herding recompute it starts), on the run log's clock
    commit = (run.began_unix + imp.committed_at, run.began_unix + imp.finished)
    during_commit = [
        r for r in complete if imp.committed_at and r["at"] - r["seconds"] <= commit[1] and r["at"] >= commit[0]
    ]
    apart = [r for r in complete if r not in during_commit]
    # runs begun after every session had its first page (the measured phase of a warmed-up run)
    browsing = (
        [r for r in complete if r["at"] - r["seconds"] >= run.began_unix + run.browse_began]
        if run.browse_began is not None
        else []
    )

    return {
        "sessions": run.sessions,
        "rounds": run.rounds,
        "think_seconds": run.think,
        "ramp_seconds": run.ramp,
        "views_with_end_mark": sum(v.marked for v in run.views),
        "views_declaring_stale_parts": Counter(v.page for v in run.views if v.declared_stale),
        "pages": run.nav,
        "views": len(run.views),
        "render_all": stats(every),
        "render_switch": stats(switches),
        "render_first_load": stats(firsts),
        "render_switch_after_first_loads": stats(settled),
        "server_all": stats(served),
        "server_switch": stats(served_switches),
        "views_without_server_time": sum(1 for v in run.views if not v.errors and v.server_seconds is None),
        "per_page": {page: stats(values) for page, values in sorted(per_page.items())},
        "server_run_all": stats([r["seconds"] for r in complete]),
        "server_run_per_page": {
            page: stats([r["seconds"] for r in runs]) for page, runs in sorted(runs_per_page.items())
        },
        "server_run_cpu_mean": {
            page: round(statistics.fmean(r["cpu_seconds"] for r in runs), 3)
            for page, runs in sorted(runs_per_page.items())
        },
        "server_run_outcomes": dict(Counter(r["outcome"] for r in run.script_runs)),
        "server_run_during_commit": stats([r["seconds"] for r in during_commit]),
        "server_run_apart_from_commit": stats([r["seconds"] for r in apart]),
        "server_run_browsing": stats([r["seconds"] for r in browsing]),
        "warm_up": run.warm_up,
        "browsing_began": None if run.browse_began is None else round(run.browse_began, 1),
        "script_runs": run.script_runs,
        "view_records": [
            {key: value for key, value in asdict(view).items() if key != "fingerprint"} for view in run.views
        ],
        "began_unix": round(run.began_unix, 3),
        "import": asdict(imp),
        "views_during_import": len(during),
        "versions_seen": dict(sorted(Counter(v.version for v in run.views if not v.errors).items(), key=str)),
        "mixed": mixed,
        "mixed_texts": mixed_texts,
        "import_changed_overview": changed,
        "errors": errors,
        "wall_seconds": round(run.clock(), 1),
    }


def print_summary(summary: dict[str, Any]) -> None:
    def line(name: str, s: dict[str, float]) -> str:
        if not s.get("n"):
            return f"  {name:<18} no views"
        return f"  {name:<18} n={s['n']:<4} p50 {s['p50']:.2f} s   p95 {s['p95']:.2f} s   max {s['max']:.2f} s"

    imp = summary["import"]
    warm = "walks begin once every session has loaded" if summary["warm_up"] else "walks begin at each first load"
    print(
        f"sessions {summary['sessions']}, rounds {summary['rounds']}, think {summary['think_seconds']} s, {warm}, "
        f"views {summary['views']} ({summary['views_with_end_mark']} with the end-of-run mark), "
        f"wall {summary['wall_seconds']} s; pages: {', '.join(summary['pages'])}"
    )
    print(
        f"import: version {imp['version_before']} -> {imp['version_after']}, commit took "
        f"{imp['finished'] - imp['committed_at']:.1f} s; {summary['views_during_import']} views drawn while it ran"
    )
    print("page render:")
    print(line("all views", summary["render_all"]))
    print(line("page switches", summary["render_switch"]))
    print(line("first loads", summary["render_first_load"]))
    print(line("switches after", summary["render_switch_after_first_loads"]) + "  (clicked after every first load)")
    for page, s in summary["per_page"].items():
        print(line(page, s))
    print('server answer (click to the run\'s "script finished" message):')
    print(line("all views", summary["server_all"]))
    print(line("page switches", summary["server_switch"]))
    if not summary.get("server_here", True):
        print("server run: not read (--url: the app's run log is on its own machine)")
    else:
        _print_server_runs(summary, line)
    _print_cpu(summary)
    print(
        f"versions seen: {summary['versions_seen']}; the import changed the overview: "
        f"{summary['import_changed_overview']}"
    )
    print(f"pages showing mixed versions: {len(summary['mixed'])} {summary['mixed'] or ''}")
    print(f"views labelled as partly from an older version: {dict(summary['views_declaring_stale_parts'])}")
    print(f"errors: {len(summary['errors'])}")
    for error in summary["errors"][:20]:
        print(f"  {error}")


def _print_server_runs(summary: dict[str, Any], line: Callable[[str, dict[str, float]], str]) -> None:
    print("server run (inside the app, from its run log: script start to the page's end; mean CPU s per run):")
    print(line("all runs", summary["server_run_all"]))
    for page, s in summary["server_run_per_page"].items():
        print(f"{line(page, s)}   cpu {summary['server_run_cpu_mean'][page]:.3f} s")
    print(line("during the commit", summary["server_run_during_commit"]))
    print(line("apart from it", summary["server_run_apart_from_commit"]))
    print(line("after first loads", summary["server_run_browsing"]))
    print(f"  script runs by outcome: {summary['server_run_outcomes']}")


def _print_cpu(summary: dict[str, Any]) -> None:
    cpu = summary.get("cpu_seconds", {})
    if not cpu:
        return
    here = summary.get("server_here", True)

    def server(name: str) -> str:
        return f"{cpu[name]:.0f}" if here else "(not on this machine)"

    print(
        f"CPU seconds during the run: server {server('server')}, browsers {cpu['browsers']:.0f}, "
        f"driver {cpu['driver']:.0f} (load generator at nice {summary['client_nice']}); "
        f"machine load average after: {summary['load_average']}"
    )
    if "browsers_browsing" in cpu:
        print(
            f"  of which after the first loads ({summary['browsing_began']} s into the run): server "
            f"{server('server_browsing')}, browsers {cpu['browsers_browsing']:.0f}, "
            f"driver {cpu['driver_browsing']:.0f}"
        )


def cpu_seconds(port: int) -> dict[str, float]:
    """CPU seconds (user + system) used so far by the app server on ``port``, by all chromium
    processes and by the load generator's driver (this process and Playwright's node driver), read
    from /proc (Linux). Browsers that exited during the run are not counted."""
    tick = 100.0  # USER_HZ on Linux
    used = {"server": 0.0, "browsers": 0.0, "driver": 0.0}
    for proc in Path("/proc").iterdir():
        if not proc.name.isdigit():
            continue
        try:
            command = (proc / "cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
            fields = (proc / "stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        seconds = (int(fields[11]) + int(fields[12])) / tick  # utime, stime
        if "streamlit run" in command and f"--server.port {port}" in command:
            used["server"] += seconds
        elif "chromium" in command:
            used["browsers"] += seconds
        elif int(proc.name) == os.getpid() or "run-driver" in command:
            used["driver"] += seconds
    return used


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sessions", type=int, default=20)
    parser.add_argument("--rounds", type=int, default=2, help="times each session walks through every page")
    parser.add_argument("--db", help="database to copy and serve (default: a demo built at --scale)")
    parser.add_argument(
        "--url",
        help="drive an app already running there (e.g. on another machine, so that the browsers do not "
        "share its CPU) instead of serving a copy here; it must serve demo data in local analyst mode, and "
        "the import goes into its database. The server's CPU and run log are then not read",
    )
    parser.add_argument("--scale", type=float, default=1.0, help="demo scale when --db is not given")
    parser.add_argument("--cases", type=int, default=60, help="cases in the imported week")
    parser.add_argument("--defendants", type=int, default=8, help="defendants per imported case")
    parser.add_argument(
        "--think",
        type=float,
        default=5.0,
        help="mean seconds a session reads a page before its next click (uniform 0.5x-1.5x; 0: none)",
    )
    parser.add_argument("--ramp", type=float, default=10.0, help="seconds over which the sessions arrive")
    parser.add_argument(
        "--warm-up",
        action="store_true",
        help="start the walks together once every session has loaded its first page",
    )
    parser.add_argument("--timeout", type=float, default=120.0, help="seconds a view may take before it is an error")
    parser.add_argument("--json", help="also write the summary as JSON to this file")
    parser.add_argument(
        "--client-nice",
        type=int,
        default=19,
        help="niceness of the load generator: this script, Playwright's driver, the browsers (0: the server's)",
    )
    args = parser.parse_args(argv)

    with tempfile.TemporaryDirectory(prefix="casewatch-load-") as folder:
        work = Path(folder)
        if args.url:
            run = _drive(args, args.url.rstrip("/"), 0, _week(work, args))
            return _report(run, args)
        db_path = work / "load.duckdb"
        if args.db:
            shutil.copy(args.db, db_path)
        else:
            from casewatch.demo import build_demo

            build_demo(str(db_path), scale=args.scale)
        files = _week(work, args)
        with Database(str(db_path)) as db:  # fail early when the import would be refused
            from casewatch.ingest import import_files

            import_files(db, files, dry_run=True)
        run_log = work / "runs.jsonl"
        with start_app(str(db_path), env={"CASEWATCH_RUN_LOG": str(run_log)}) as app:
            run = _drive(args, app.url, app.port, files)
        if run_log.exists():
            lines = run_log.read_text(encoding="utf-8").splitlines()
            run.script_runs = [json.loads(line) for line in lines if line.strip()]
    return _report(run, args)


def _week(work: Path, args: argparse.Namespace) -> list[Path]:
    """The week's cases and defendants files, filed on the first of last month."""
    last_month = dt.date.today().replace(day=1) - dt.timedelta(days=1)
    return week_files(work, cases=args.cases, defendants_per_case=args.defendants, filed=last_month.replace(day=1))


def _drive(args: argparse.Namespace, url: str, port: int, files: list[Path]) -> LoadRun:
    """Runs the sessions and the import against the app at url (port: a local server's, 0 for none)."""
    # from here on this process and what it starts (Playwright's driver, every chromium process)
    # run at the load generator's niceness; a local server was started before
    os.nice(args.client_nice)
    run = LoadRun(url, args.sessions, args.rounds, files, args.think, args.ramp, args.timeout, CHROMIUM, port,
                  warm_up=args.warm_up)  # fmt: skip
    asyncio.run(run.run())
    return run


def _report(run: LoadRun, args: argparse.Namespace) -> int:
    summary = summarise(run)
    summary["cpu_seconds"] = run.cpu
    summary["server_here"] = run.port != 0
    summary["client_nice"] = args.client_nice
    summary["load_average"] = Path("/proc/loadavg").read_text(encoding="utf-8").split()[:3]
    print_summary(summary)
    if args.json:
        Path(args.json).write_text(json.dumps(summary, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    return 1 if summary["errors"] or summary["mixed"] or not summary["import_changed_overview"] else 0


if __name__ == "__main__":
    sys.exit(main())
