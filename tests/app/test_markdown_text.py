"""Text from the data, the URL or a user shows as typed in Streamlit's markdown elements: a
plaintiff, a ?brand= value or a search written as a markdown link, image, emphasis or a bare
address becomes none of them, in the text AppTest sees (every URL parameter and the search box,
rendered by a CommonMark parser with GFM's autolinks) and in the browser."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as some
from markdown_it import MarkdownIt
from streamlit.testing.v1 import AppTest

from casewatch.db import Database
from casewatch.ui.literal import WORD_JOINER, literal
from tests.app.test_hostile_urls import URL_NAMES, open_with
from tests.support.apptest import PAGES, open_page, rerun
from tests.support.browser import offline_context, start_app, wait_ready
from tests.support.databases import FIXTURES, load_csv_tables, served_tiny

C1 = "ilnd:1:24-cv-00001"
LINK = "[Verify your account](https://evil.example/login)"
IMAGE = "![x](https://evil.example/t.png)"
UNESCAPED = re.compile(r"(?<!\\)[\[\]]")  # a bracket without its backslash


def test_literal_escapes_what_markdown_would_act_on() -> None:
    text = "[Verify](https://evil.example) ![x](http://e.example/t.png) <b>*a*</b> `c` #h _u_ $x$ ~s~ |t| {d} +e \\"
    joiner = WORD_JOINER
    assert literal(text) == (
        rf"\[Verify\](https{joiner}\://evil.example) \!\[x\](http{joiner}\://e.example/t.png) \<b\>\*a\*\</b\> \`c\` "
        r"\#h \_u\_ \$x\$ \~s\~ \|t\| \{d\} \+e \\"
    )
    assert literal(":red[x]") == rf"\:{joiner}red\[x\]"  # Streamlit's colour directive
    assert literal("深圳市甲乙电子商务有限公司 Co., Ltd. (Store)") == "深圳市甲乙电子商务有限公司 Co., Ltd. (Store)"
    assert literal(None) == "None" and literal(12.5) == "12.5"


def test_literal_breaks_autolinks_icons_blocks_and_entities() -> None:
    joiner = WORD_JOINER
    # GFM links bare addresses after reading the escapes; an invisible joiner breaks each pattern
    assert literal("see http://127.0.0.1:1/x") == rf"see http{joiner}\://127.0.0.1\:1/x"
    assert literal("WWW.evil.example") == f"WWW{joiner}.evil.example"
    assert literal("m1@example.com") == f"m1{joiner}@example.com"
    assert literal(":material/home: :streamlit:") == rf"\:{joiner}material/home\: \:{joiner}streamlit\:"
    # numbers keep their colons joiner-free (a case id copied from the page still finds the case)
    assert literal(C1) == r"ilnd\:1\:24-cv-00001"
    # a line break would start a block of its own (a heading under "---", a code block)
    assert literal("x\n---\r\n\n    code") == "x ---     code"
    assert literal("- item") == r"\- item" and literal("1. item") == r"1\. item" and literal("2) x") == r"2\) x"
    assert literal("&lt;b&gt;") == r"\&lt;b\&gt;"


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
    assert literal("**Firm** <b>x</b> www.evil.example") in parties


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
        context = offline_context(browser, (app.url, f"http://127.0.0.1:{app.port}"))
        blocked = context.blocked  # type: ignore[attr-defined]
        page = context.new_page()
        page.goto(f"{app.url}/cases?case={C1}&lang=en&brand={LINK}")
        wait_ready(page, content='[data-testid="stMain"] h3')
        main = page.locator('[data-testid="stMain"]')
        # no link at all, not even a bare address GFM would link (www.evil.example in the law firm)
        assert main.locator('a[href*="evil.example"]').count() == 0
        assert main.locator('img[src*="evil.example"]').count() == 0
        shown = main.inner_text().replace(WORD_JOINER, "")
        assert LINK in shown and IMAGE in shown and "**Firm** <b>x</b> www.evil.example" in shown  # as typed
        assert not [url for url in blocked if "evil.example" in url]  # nothing fetched from there
        context.close()


# --- every URL parameter and the search box, rendered: nothing they carry becomes markup ------------

MARK = "zq"  # in every hostile value below, in no message of the app
FRAGMENTS = [
    "**zq**", "__zq__", "*zq*", "_zq_", "~~zq~~", "`zq`", "$zq$", ":red[zq]", "&lt;zq&gt;", "\\*zq\\*", "zq\\",
    "[zq](http://127.0.0.1:1/zq)", "![zq](http://127.0.0.1:1/zq.png)", "[zq]", "[zq]: http://127.0.0.1:1/zq",
    '<a href="http://127.0.0.1:1/zq">zq</a>', "<img src=http://127.0.0.1:1/zq.png>", "<b>zq</b>", "<https://zq.example>",
    "http://127.0.0.1:1/zq", "https://zq.example/a_b_", "(www.zq.example)", "zq@zq.example", "mailto:zq@zq.example",
    ":material/home: zq", ":streamlit: zq", "\n\n# zq", "- zq", "1. zq", "zq\n---", "\n    zq", "| zq | zq |",
]  # fmt: skip
payloads = some.one_of(
    some.lists(some.sampled_from(FRAGMENTS), min_size=1, max_size=4).map(" ".join),
    some.text(alphabet="*_[]()!<>:/.@w#-`~\\|&;zq \n", min_size=2, max_size=40).map(lambda text: f"zq{text}zq"),
)
CORPUS = " ".join(FRAGMENTS)
GFM = MarkdownIt("commonmark").enable(["table", "strikethrough"])
# GFM's autolink literals (read from the text after escapes) and Streamlit's icon directives
AUTOLINK = re.compile(r"(?:https?://|www\.)\S*|[\w.+-]+@[\w-]+\.\w\S*", re.IGNORECASE)
ICON = re.compile(r":(?:material/[\w-]+|streamlit):")


def markdown_texts(at: AppTest) -> list[str]:
    """Every text Streamlit renders as markdown: markdown, captions, headings, alerts, toasts, and
    the labels and tooltips of widgets, metrics, expanders and tabs."""
    found: list[str] = []
    nodes: list[object] = [at._tree]
    while nodes:
        node = nodes.pop()
        nodes.extend(getattr(node, "children", {}).values())
        proto = getattr(node, "proto", None)
        if proto is None:
            continue
        if type(proto).__name__ == "Block" and proto.WhichOneof("type") in ("expandable", "tab"):
            proto = getattr(proto, proto.WhichOneof("type"))
        fields = {field.name for field in proto.DESCRIPTOR.fields}
        if type(proto).__name__ in ("Markdown", "Heading", "Alert", "Toast"):
            found.append(proto.body)
        found.extend(getattr(proto, name) for name in ("label", "help") if name in fields)
    return [text for text in found if isinstance(text, str) and text]


def markup_from_values(text: str) -> list[str]:
    """What a markdown text draws out of the hostile values in it: links, images, emphasis, code,
    strikethrough, raw HTML, bare addresses GFM would link, Streamlit icons."""
    found = []
    for block in GFM.parse(text):
        if block.type in ("html_block", "code_block", "fence") and MARK in block.content:
            found.append(f"{block.type}: {block.content!r}")
        open_tags: list[str] = []
        for token in block.children or []:
            if token.type.endswith("_open"):
                open_tags.append(token.type.removesuffix("_open"))
                if MARK in str(token.attrGet("href") or ""):
                    found.append(f"link to {token.attrGet('href')}")
            elif token.type.endswith("_close") and open_tags:
                open_tags.pop()
            elif token.type in ("image", "code_inline", "html_inline") and MARK in token.content + str(token.attrs):
                found.append(f"{token.type}: {token.content!r}")
            elif token.type == "text":
                if MARK in token.content and open_tags:
                    found.append(f"{open_tags[-1]}: {token.content!r}")
                found += [f"autolink: {hit}" for hit in AUTOLINK.findall(token.content) if MARK in hit]
                found += [f"icon: {hit}" for hit in ICON.findall(token.content)]
    return found


def test_the_checker_sees_what_markdown_would_draw() -> None:
    raw = markup_from_values(CORPUS)
    for kind in ("strong", "em", "link to", "image", "s:", "code_inline", "html_inline", "autolink", "icon"):
        assert any(hit.startswith(kind) for hit in raw), (kind, raw)
    assert markup_from_values(literal(CORPUS)) == []
    assert markup_from_values(f"**{literal('zq')}**: x") == ["strong: 'zq'"]  # a message's own bold


def check_rendered(at: AppTest, where: object) -> None:
    assert not at.exception, (where, [e.value for e in at.exception])
    texts = markdown_texts(at)
    assert any(MARK in text for text in texts) or where == "not shown", (where, "no value shown: nothing tested")
    problems = [(text[:120], hits) for text in texts if (hits := markup_from_values(text))]
    assert not problems, (where, problems)


@pytest.fixture(scope="module")
def served_db(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    with served_tiny(tmp_path_factory.mktemp("markdown")) as path:
        yield path


@pytest.mark.parametrize("page", PAGES)
def test_every_url_parameter_shows_as_typed_on_every_page(served_db: str, page: str) -> None:
    at = open_with(page, {name: CORPUS for name in URL_NAMES})
    check_rendered(at, page)


def test_the_search_box_shows_as_typed(served_db: str) -> None:
    at = open_with("pages/cases.py", {})
    typed = "[sign in again](http://127.0.0.1:1/zq) **zq** _zq_ ![zq](/zq.png) www.zq.example zq@zq.example <b>zq</b>"
    at.text_input(key="q").input(typed)
    check_rendered(rerun(at), "typed search")


@settings(
    max_examples=12,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    page=some.sampled_from(PAGES),
    query=some.dictionaries(some.sampled_from(URL_NAMES), payloads, min_size=1, max_size=6),
)
def test_random_markdown_in_links_shows_as_typed(served_db: str, page: str, query: dict[str, str]) -> None:
    check_rendered(open_with(page, query), "not shown")
