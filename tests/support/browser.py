"""Shared harness for browser tests: a live Streamlit server on loopback and headless Debian chromium.

Use the fixtures ``live_app`` (the app on the tiny fixture database) and ``page`` (a fresh
chromium page whose requests outside the app are blocked), or ``start_app`` for a server of your
own. Chromium is Debian's (/usr/bin/chromium, installed by ``make test``); Playwright cannot
download browsers here.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.parse
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import pytest

from casewatch.i18n import t

ROOT = Path(__file__).resolve().parent.parent.parent
CHROMIUM = os.environ.get("CASEWATCH_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-quic",
                 "--no-first-run", "--disable-component-update", "--disable-sync"]
READY = '[data-testid="stApp"][data-test-script-state="notRunning"]'
# the mark of a fresh session's first screen (casewatch/ui/freshness.py), until its charts' run
FIRST_SCREEN = '[data-testid="cw-run-complete"][data-first-paint]'


@dataclass(frozen=True)
class LiveApp:
    url: str
    port: int
    db_path: str


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@contextmanager
def start_app(db_path: str, *, app_dir: Path = ROOT, env: dict[str, str] | None = None,
              port: int | None = None, timeout: float = 60, script: str = "app.py") -> Iterator[LiveApp]:
    """Run `streamlit run app.py` (dashboard.py and its routes, as `make run` does) from app_dir on
    loopback until the block ends."""
    port = port or free_port()
    process_env = {**os.environ, "CASEWATCH_DB": db_path, **(env or {})}
    command = [sys.executable, "-m", "streamlit", "run", script, "--server.port", str(port),
               "--server.address", "127.0.0.1", "--server.headless", "true",
               "--browser.gatherUsageStats", "false", "--server.fileWatcherType", "none"]
    log = open(Path(os.environ.get("TMPDIR", "/tmp")) / f"casewatch-streamlit-{port}.log", "w")  # noqa: SIM115
    process = subprocess.Popen(command, cwd=app_dir, env=process_env, stdout=log, stderr=subprocess.STDOUT)
    try:
        deadline = time.monotonic() + timeout
        while True:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/_stcore/health", timeout=2) as resp:
                    if resp.status == 200:
                        break
            except OSError:
                pass
            if process.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(f"streamlit did not start; see {log.name}")
            time.sleep(0.3)
        yield LiveApp(url=f"http://localhost:{port}", port=port, db_path=db_path)
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
        log.close()


@pytest.fixture(scope="session")
def browser() -> Iterator[object]:
    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} is missing: `make test` installs Debian's chromium")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        yield chromium
        chromium.close()


@pytest.fixture(scope="session")
def live_app(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveApp]:
    """The app on a copy of the tiny fixture database, one server for the session (each xdist
    worker): the tests that use it only read."""
    from tests.support import templates
    from tests.support.databases import build_tiny_file

    path = templates.copy_of("tiny", build_tiny_file, tmp_path_factory.mktemp("live") / "tiny.duckdb")
    with start_app(path) as app:
        yield app


def block_outside(context: object, allowed_prefixes: tuple[str, ...]) -> list[str]:
    """Abort every request not starting with an allowed prefix; returns the blocked URLs."""
    blocked: list[str] = []

    def handle(route: object) -> None:
        url = route.request.url  # type: ignore[attr-defined]
        if url.startswith(allowed_prefixes) or url.startswith(("data:", "blob:")):
            route.continue_()  # type: ignore[attr-defined]
        else:
            blocked.append(url)
            route.abort()  # type: ignore[attr-defined]

    context.route("**/*", handle)  # type: ignore[attr-defined]
    return blocked


# A loopback port bound and never listened on: a connection to it is refused at once. It stays bound
# for the session, so no other server can take it.
_REFUSING = socket.socket()
_REFUSING.bind(("127.0.0.1", 0))


def offline_context(browser: object, allowed_prefixes: tuple[str, ...], **options: object) -> object:
    """A new browser context (``options`` as for ``new_context``) whose requests to anything but the
    servers of ``allowed_prefixes`` (http URLs) fail, and are recorded in ``context.blocked`` when
    they do not start with an allowed prefix: the context's proxy is a loopback port that refuses
    every connection, and only the allowed servers (host and port) bypass it - other loopback ports
    included. block_outside does the same by routing every request through Playwright, which
    turns off the browser's HTTP cache (each page load fetched and compiled Streamlit's scripts
    again: about 1 s and 2-3 s of CPU a page); this keeps it."""
    servers = sorted({urllib.parse.urlsplit(p).netloc for p in allowed_prefixes if p.startswith(("http://", "https://"))})
    proxy = {"server": f"http://127.0.0.1:{_REFUSING.getsockname()[1]}", "bypass": ",".join(servers)}
    context = browser.new_context(proxy=proxy, **options)  # type: ignore[attr-defined]
    blocked: list[str] = []

    def seen(request: object) -> None:
        url = request.url  # type: ignore[attr-defined]
        if not url.startswith(allowed_prefixes) and not url.startswith(("data:", "blob:")):
            blocked.append(url)

    context.on("request", seen)
    context.blocked = blocked
    return context


@pytest.fixture
def page(browser: object, live_app: LiveApp) -> Iterator[object]:
    """A page in a fresh context; requests leaving the app are blocked (the app must run offline)."""
    context = offline_context(
        browser, (live_app.url, f"http://127.0.0.1:{live_app.port}"), viewport={"width": 1400, "height": 1000},
        locale="zh-CN",
    )
    page = context.new_page()
    yield page
    context.close()


def wait_ready(page: object, timeout: float = 30_000, content: str = '[data-testid="stMain"] h1') -> None:
    """Wait until the script run finished and the page drew its content (by default its title);
    for a fresh session, the run with the charts that its first screen asks for, not that screen
    (a click on it could land in the run that replaces it)."""
    page.wait_for_selector(content, timeout=timeout)  # type: ignore[attr-defined]
    page.wait_for_selector(READY, timeout=timeout)  # type: ignore[attr-defined]
    page.wait_for_timeout(300)  # type: ignore[attr-defined]
    page.wait_for_function(f"() => !document.querySelector('{FIRST_SCREEN}')", timeout=timeout)  # type: ignore[attr-defined]
    page.wait_for_selector(READY, timeout=timeout)  # type: ignore[attr-defined]


# True once the script state and the last run's mark (its nonce) have stayed the same, the script
# not running, for quiet_ms
_SETTLED = """([quiet]) => {
  const app = document.querySelector('[data-testid="stApp"]');
  const mark = document.querySelector('[data-testid="cw-run-complete"]');
  const state = app ? app.getAttribute("data-test-script-state") : "";
  const key = state + "|" + (mark ? mark.getAttribute("data-run") : "");
  const now = performance.now();
  if (!window.__cwSettled || window.__cwSettled.key !== key) { window.__cwSettled = { key, since: now }; return false; }
  return key.startsWith("notRunning|") && now - window.__cwSettled.since >= quiet;
}"""


def wait_settled(page: object, quiet_ms: int = 1000, timeout: float = 30_000) -> None:
    """Wait until no run has started or ended for ``quiet_ms``: before a click whose answer belongs
    to the run that drew it (a deferred download's file is the run's: a run replacing it in between
    left Streamlit's "Deferred file ... not found" and no download)."""
    page.wait_for_function(_SETTLED, arg=[quiet_ms], polling=100, timeout=timeout)  # type: ignore[attr-defined]


def unexpected_errors(page: object) -> int:
    """Errors no one planned for on the page: Streamlit's exception box (what escapes the app's
    handling) and dashboard.py's note with a log reference, in either language."""
    count = int(page.locator('[data-testid="stException"]').count())  # type: ignore[attr-defined]
    for lang in ("zh", "en"):
        head = t("resilience.unexpected", lang, reference="\x00").split("\x00")[0]
        count += int(page.get_by_text(head).count())  # type: ignore[attr-defined]
    return count


def wait_count(page: object, selector: str, count: int, timeout: float = 30_000) -> None:
    """Wait until exactly `count` elements match `selector`: a page's later runs (the charts' run,
    the downloads) arrive after the first one has finished, so a count read at once can be short."""
    page.wait_for_function(  # type: ignore[attr-defined]
        "([s, n]) => document.querySelectorAll(s).length === n", arg=[selector, count], timeout=timeout
    )
