"""Regenerate docs/screenshots/brief_pdf_page*.png and brief_html.png from the demo data.

    .venv/bin/python scripts/brief_screenshots.py [--db PATH] [--month YYYY-MM] [--lang zh]

Without --db a small demo database (seed 7, scale 0.3, data through October 2026) is built in a
temporary folder and its herding results computed; the default month, August 2026, has two new
planted waves. Needs pdftoppm (Debian poppler-utils) and Debian's chromium (Playwright drives
it with the network blocked, as the HTML must work offline).
"""

from __future__ import annotations

import argparse
import datetime as dt
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from casewatch import report  # noqa: E402
from casewatch.db import Database  # noqa: E402
from casewatch.filters import Filters, Vocabulary  # noqa: E402

OUT = ROOT / "docs" / "screenshots"
CHROMIUM = "/usr/bin/chromium"
DEMO_UNTIL = dt.date(2026, 11, 1)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--db", help="database to read (default: build a small demo)")
    parser.add_argument("--month", default="2026-08")
    parser.add_argument("--lang", default="zh", choices=("zh", "en"))
    args = parser.parse_args()
    if shutil.which("pdftoppm") is None:
        print("pdftoppm is missing: apt-get install poppler-utils", file=sys.stderr)
        return 2
    OUT.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        path = args.db
        if path is None:
            from casewatch import herding
            from casewatch.demo import build_demo

            path = str(Path(tmp) / "demo.duckdb")
            build_demo(path, seed=7, scale=0.3, until=DEMO_UNTIL)
            with Database(path) as db:
                herding.refresh(db)
        with Database(path, read_only=True) as db:
            vocabulary = Vocabulary.from_rows(db.query("reference/vocabulary").itertuples(index=False, name=None))
            month = report.parse_month(args.month, DEMO_UNTIL)
            brief = report.build_brief(db.query, month, Filters.default(DEMO_UNTIL), vocabulary)
        pdf = Path(tmp) / "brief.pdf"
        pdf.write_bytes(report.render(brief, "pdf", args.lang))
        html = Path(tmp) / "brief.html"
        html.write_bytes(report.render(brief, "html", args.lang))
        for old in OUT.glob("brief_pdf_page-*.png"):
            old.unlink()
        pdftoppm = str(shutil.which("pdftoppm"))
        subprocess.run([pdftoppm, "-r", "110", "-png", str(pdf), str(OUT / "brief_pdf_page")], check=True)  # noqa: S603 - fixed argv
        _screenshot(html, OUT / "brief_html.png")
    for png in sorted(OUT.glob("brief_*.png")):
        print(png.relative_to(ROOT))
    return 0


def _screenshot(html: Path, target: Path) -> None:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, args=["--no-sandbox", "--disable-gpu", "--disable-background-networking"]
        )
        page = browser.new_page(viewport={"width": 1160, "height": 900}, device_scale_factor=1)
        page.route("http*://**/*", lambda route: route.abort())  # offline: the file must not need the network
        page.goto(html.as_uri())
        page.wait_for_function("document.querySelectorAll('.js-plotly-plot .main-svg').length > 0")
        page.wait_for_timeout(500)
        page.screenshot(path=str(target), full_page=True)
        browser.close()


if __name__ == "__main__":
    sys.exit(main())
