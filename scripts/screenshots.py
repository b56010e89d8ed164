"""Regenerate docs/screenshots/<page>-<lang>.png: every dashboard page in zh and en at the demo data.

    .venv/bin/python scripts/screenshots.py [--db PATH] [--pages regions,trends] [--langs zh,en]

Without --db the demo database (data/demo.duckdb, or $CASEWATCH_DB) is used and built when
absent, as `make run` would. The app runs on loopback in local analyst mode; Debian's chromium
(Playwright) opens each page with every request leaving the app blocked, waits until its charts
are drawn and captures the whole page. Two drill-down views are added: the regional page filtered
to Shenzhen (regions_city) and the dossier of the most active brand (parties_dossier). Charts
need a CJK font for the Chinese shots (Debian fonts-noto-cjk, installed by `make system-deps`).
"""

from __future__ import annotations

import argparse
import ast
import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.support.browser import CHROMIUM, CHROMIUM_ARGS, block_outside, start_app, wait_ready  # noqa: E402

OUT = ROOT / "docs" / "screenshots"
WIDTH = 1400
# every chart drawn and nothing greyed out as stale from an earlier run
SETTLED = """() => {
  const charts = document.querySelectorAll('[data-testid="stPlotlyChart"]').length;
  const drawn = document.querySelectorAll('[data-testid="stPlotlyChart"] .main-svg').length;
  return document.querySelectorAll('[data-stale="true"]').length === 0 && drawn >= charts;
}"""


def dashboard_pages() -> list[str]:
    """URL paths of the PAGES list in dashboard.py (read as data, without running Streamlit)."""
    tree = ast.parse((ROOT / "dashboard.py").read_text(encoding="utf-8"))
    for node in tree.body:
        if isinstance(node, ast.Assign) and any(getattr(t, "id", None) == "PAGES" for t in node.targets):
            return [entry[3] for entry in ast.literal_eval(node.value)]
    raise SystemExit("dashboard.py has no PAGES list")


def demo_path(given: str | None) -> str:
    path = given or os.environ.get("CASEWATCH_DB") or str(ROOT / "data" / "demo.duckdb")
    if not Path(path).exists():
        from casewatch.demo import build_demo

        print(f"building the demo database {path} ...")
        build_demo(path)
    return path


def top_brand(path: str) -> str:
    """The brand with most defendant instances in the default view (for the dossier shot)."""
    import datetime as dt

    from casewatch.db import Database
    from casewatch.filters import Filters

    filters = Filters.default(dt.date.today())
    previous = filters.previous_period()
    with Database(path, read_only=True) as db:
        board = db.query("parties/leaderboard", **filters.params(), by="brand", limit=1,
                         prev_from=previous.date_from, prev_to=previous.date_to)
    return str(board["party"].iloc[0]) if len(board) else ""


def settle(page: object) -> None:
    wait_ready(page, timeout=120_000)
    page.wait_for_function(SETTLED, timeout=120_000)  # type: ignore[attr-defined]
    wait_ready(page, timeout=120_000)


# what a page must not show in a screenshot: an exception, an error box, or a dialog of
# Streamlit's own such as "Page not found" (a path the app does not have)
BROKEN = """() => {
  const found = [];
  for (const sel of ['[data-testid="stException"]', '[data-testid="stAlertContentError"]', '[role="dialog"]']) {
    for (const e of document.querySelectorAll(sel)) found.push(sel + ': ' + (e.innerText || '').slice(0, 200));
  }
  return found;
}"""


class BrokenPage(RuntimeError):
    """A page showed an exception, an error or a dialog where a screenshot was to be taken."""


def check_page(page: object, url: str) -> None:
    """Raises BrokenPage when the page shows an exception, an error or a dialog."""
    found = page.evaluate(BROKEN)  # type: ignore[attr-defined]
    if found:
        raise BrokenPage(f"{url}: {'; '.join(found)}")


def shoot(page: object, url: str, target: Path) -> None:
    page.set_viewport_size({"width": WIDTH, "height": 1000})  # type: ignore[attr-defined]
    page.goto(url)  # type: ignore[attr-defined]
    settle(page)
    check_page(page, url)
    # Streamlit scrolls inside its main block: grow the window to the content, then capture it all
    height = page.evaluate(  # type: ignore[attr-defined]
        "() => Math.max(document.body.scrollHeight, ...['stMain', 'stSidebarContent'].map(id =>"
        " (document.querySelector(`[data-testid=\"${id}\"]`) || {scrollHeight: 0}).scrollHeight))"
    )
    page.set_viewport_size({"width": WIDTH, "height": min(int(height) + 40, 9000)})  # type: ignore[attr-defined]
    page.wait_for_timeout(1200)  # type: ignore[attr-defined] - plotly re-lays out to the new size
    settle(page)
    check_page(page, url)
    page.screenshot(path=str(target), full_page=True)  # type: ignore[attr-defined]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--db", help="database to show (default: the demo database)")
    parser.add_argument("--pages", help="comma-separated URL paths (default: every page of dashboard.py)")
    parser.add_argument("--langs", default="zh,en")
    args = parser.parse_args()
    if not Path(CHROMIUM).exists():
        print(f"{CHROMIUM} is missing: apt-get install chromium", file=sys.stderr)
        return 2
    path = demo_path(args.db)
    wanted = args.pages.split(",") if args.pages else dashboard_pages()
    brand = top_brand(path)
    views = [(name, name, "") for name in wanted]
    if "regions" in wanted:
        views.append(("regions_city", "regions", "city=440300"))
    if "parties" in wanted and brand:
        from urllib.parse import quote

        views.append(("parties_dossier", "parties", f"party={quote(brand)}"))
    OUT.mkdir(parents=True, exist_ok=True)
    from playwright.sync_api import sync_playwright

    with start_app(path) as app, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        for lang in args.langs.split(","):
            context = browser.new_context(viewport={"width": WIDTH, "height": 1000}, locale="zh-CN")
            blocked = block_outside(context, (app.url, f"http://127.0.0.1:{app.port}"))
            page = context.new_page()
            # Open the entry page first: on a fresh server Streamlit runs a deep link (/regions) as a
            # bare pages/ script until dashboard.py has called st.navigation once.
            page.goto(app.url)
            wait_ready(page, timeout=120_000)
            for shot, url_path, query in views:
                params = "&".join(p for p in (query, "" if lang == "zh" else f"lang={lang}") if p)
                target = OUT / f"{shot}-{lang}.png"
                try:
                    shoot(page, f"{app.url}/{url_path}" + (f"?{params}" if params else ""), target)
                except BrokenPage as broken:
                    print(f"error: {broken}", file=sys.stderr)
                    return 1
                print(target.relative_to(ROOT))
            context.close()
            if blocked:
                print(f"blocked requests leaving the app: {blocked[:5]}", file=sys.stderr)
        browser.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
