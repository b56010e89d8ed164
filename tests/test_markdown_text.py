"""Text from the data or the URL shows as typed in Streamlit's markdown elements: a plaintiff or a
?brand= value written as a markdown link or image becomes neither a link nor a fetched image."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from casewatch.db import Database
from casewatch.ui.literal import literal
from tests.apptest import open_page
from tests.browser import block_outside, start_app, wait_ready
from tests.conftest import FIXTURES, load_csv_tables

C1 = "ilnd:1:24-cv-00001"
LINK = "[Verify your account](https://evil.example/login)"
IMAGE = "![x](https://evil.example/t.png)"
UNESCAPED = re.compile(r"(?<!\\)[\[\]]")  # a bracket without its backslash


def test_literal_escapes_what_markdown_would_act_on() -> None:
    text = "[Verify](https://evil.example) ![x](http://e.example/t.png) <b>*a*</b> `c` #h _u_ $x$ ~s~ |t| {d} +e \\"
    assert literal(text) == (
        r"\[Verify\](https://evil.example) \!\[x\](http://e.example/t.png) \<b\>\*a\*\</b\> \`c\` \#h \_u\_ "
        r"\$x\$ \~s\~ \|t\| \{d\} \+e \\"
    )
    assert literal(":red[x]") == r":red\[x\]"  # Streamlit's colour directive
    assert literal("深圳市甲乙电子商务有限公司 Co., Ltd. (Store)") == "深圳市甲乙电子商务有限公司 Co., Ltd. (Store)"
    assert literal(None) == "None" and literal(12.5) == "12.5"


def hostile(path: str) -> None:
    """The tiny fixture with case C1's parties and source written as markdown links and images."""
    db = Database(path)
    load_csv_tables(db, FIXTURES / "tiny")
    with db.write() as con:
        con.execute(
            "UPDATE cases SET case_name = $link, plaintiff = $link, brand = $image, "
            "law_firm = '**Firm** <b>x</b> www.evil.example', source_ref = $image WHERE case_id = $case",
            {"link": LINK, "image": IMAGE, "case": C1},
        )
    db.close()


@pytest.fixture
def hostile_db(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, fresh_caches: None) -> str:
    path = str(tmp_path / "hostile.duckdb")
    hostile(path)
    monkeypatch.setenv("CASEWATCH_DB", path)
    return path


def texts(at: object) -> list[str]:
    found: list[str] = []
    for kind in ("title", "header", "subheader", "markdown", "caption", "info", "warning", "error"):
        found.extend(str(element.value) for element in getattr(at, kind))  # type: ignore[attr-defined]
    return found


def test_case_detail_shows_parties_as_typed(hostile_db: str) -> None:
    at = open_page("pages/cases.py", case=C1, lang="en")
    assert not at.exception
    shown = [text for text in texts(at) if "evil.example" in text]
    # the case name (subheader), the parties list (plaintiff, brand), the source caption
    assert len(shown) >= 3, shown
    assert any(literal(LINK) in text for text in shown) and any(literal(IMAGE) in text for text in shown)
    assert not [text for text in shown if UNESCAPED.search(text)], shown
    parties = next(text for text in shown if "Plaintiff" in text)
    assert r"\*\*Firm\*\* \<b\>x\</b\> www.evil.example" in parties


def test_url_values_in_captions_and_notices_show_as_typed(hostile_db: str) -> None:
    # brand is free text (kept, named in the filter caption); city must be a known code (a notice)
    at = open_page("pages/overview.py", brand=LINK, city=IMAGE, lang="en")
    assert not at.exception
    shown = [text for text in texts(at) if "evil.example" in text]
    assert any(literal(LINK) in text for text in shown), shown  # the filter caption
    assert any(literal(IMAGE)[:30] in text for text in at.warning.values), at.warning.values  # cut to 40 chars
    assert not [text for text in shown if UNESCAPED.search(text)], shown


@pytest.mark.parametrize(
    ("page", "query"),
    [
        ("pages/monthly.py", {"brand": LINK}),  # the brief's filter line
        ("pages/parties.py", {"by": "brand", "party": LINK}),  # the dossier's heading
        ("pages/cases.py", {"case": LINK}),  # the unknown-case notice
    ],
)
def test_other_pages_show_url_values_as_typed(hostile_db: str, page: str, query: dict[str, str]) -> None:
    at = open_page(page, lang="en", **query)  # found in a second review
    assert not at.exception
    shown = [text for text in texts(at) if "evil.example" in text]
    assert any(literal(LINK) in text for text in shown), shown
    assert not [text for text in shown if UNESCAPED.search(text)], shown


@pytest.mark.browser
def test_the_browser_draws_no_link_or_image_from_the_data(browser: object, tmp_path: Path) -> None:
    path = str(tmp_path / "hostile.duckdb")
    hostile(path)
    with start_app(path) as app:
        context = browser.new_context()  # type: ignore[attr-defined]
        blocked = block_outside(context, (app.url, f"http://127.0.0.1:{app.port}"))
        page = context.new_page()
        page.goto(f"{app.url}/cases?case={C1}&lang=en&brand={LINK}")
        wait_ready(page, content='[data-testid="stMain"] h3')
        main = page.locator('[data-testid="stMain"]')
        # no link disguised by its text: a bare address GFM links shows that address
        links = main.locator('a[href*="evil.example"]').evaluate_all("els => els.map(e => [e.innerText, e.href])")
        assert links and all(text in href for text, href in links), links
        assert main.locator('img[src*="evil.example"]').count() == 0
        assert LINK in main.inner_text() and IMAGE in main.inner_text()  # shown as typed
        assert not [url for url in blocked if "evil.example" in url]  # nothing fetched from there
        context.close()
