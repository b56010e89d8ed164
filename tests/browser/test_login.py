"""Native login in headless chromium: the real OIDC flow (st.login) against oidc-provider-mock,
started here, as a member and as an analyst, checking what each sees and downloads, that every
page has one address that works for every role (a deep link survives the sign-in), and that
values from links are drawn as typed (issue 26).

The secrets live in a temporary file handed to Streamlit through STREAMLIT_SECRETS_FILES; no
secrets.toml is written into the repository.
"""

from __future__ import annotations

import io
import json
import os
import re
import secrets
import socket
import subprocess
import sys
import time
import urllib.parse
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pandas as pd
import pytest
from playwright.sync_api import TimeoutError as PlaywrightTimeout

from casewatch.ui.literal import WORD_JOINER
from tests.app.test_hostile_urls import URL_NAMES
from tests.support.apptest import PAGES
from tests.support.browser import (
    CHROMIUM,
    LiveApp,
    free_port,
    offline_context,
    start_app,
    unexpected_errors,
    wait_ready,
    wait_settled,
)
from tests.support.databases import FIXTURES
from tests.support.roles import build_tiny

pytestmark = pytest.mark.browser
PROVIDER_PORT = 9400  # DESIGN.md; another free port when something else holds it
USERS = [
    {"sub": "m1", "email": "m1@example.com"},
    {"sub": "a1", "email": "a1@example.com"},
    {"sub": "l1", "email": "l1@example.com"},
]
DATES = "from=2023-01-01&to=2024-12-31"


def _port_free(port: int) -> bool:
    with socket.socket() as sock:
        return sock.connect_ex(("127.0.0.1", port)) != 0


@pytest.fixture(scope="module")
def provider() -> Iterator[str]:
    """oidc-provider-mock on loopback with the predefined users m1 (a member), a1 (an analyst) and
    l1 (leadership)."""
    port = PROVIDER_PORT if _port_free(PROVIDER_PORT) else free_port()
    command = [sys.executable, "-m", "oidc_provider_mock", "--host", "127.0.0.1", "--port", str(port)]
    for claims in USERS:
        command += ["--user-claims", json.dumps(claims)]
    log = open(Path(os.environ.get("TMPDIR", "/tmp")) / f"casewatch-oidc-{port}.log", "w")  # noqa: SIM115
    process = subprocess.Popen(command, stdout=log, stderr=subprocess.STDOUT)
    url = f"http://localhost:{port}"
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/.well-known/openid-configuration", timeout=2):
                    break
            except OSError:
                if process.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError(f"oidc-provider-mock did not start; see {log.name}") from None
                time.sleep(0.2)
        yield url
    finally:
        process.terminate()
        process.wait(timeout=10)
        log.close()


@pytest.fixture(scope="module")
def auth_app(tmp_path_factory: pytest.TempPathFactory, provider: str) -> Iterator[LiveApp]:
    """The app with [auth] configured (secrets in a temporary file) on the tiny fixture with users."""
    folder = tmp_path_factory.mktemp("login")
    db_path = str(folder / "tiny.duckdb")
    build_tiny(db_path).close()
    port = free_port()
    secrets_file = folder / "secrets.toml"
    secrets_file.write_text(
        "[auth]\n"
        f'redirect_uri = "http://localhost:{port}/oauth2callback"\n'
        f'cookie_secret = "{secrets.token_hex(32)}"\n'
        'client_id = "casewatch"\n'
        f'client_secret = "{secrets.token_hex(16)}"\n'
        f'server_metadata_url = "{provider}/.well-known/openid-configuration"\n',
        encoding="utf-8",
    )
    with start_app(db_path, port=port, env={"STREAMLIT_SECRETS_FILES": str(secrets_file)}) as app:
        yield app


def sign_in(browser: object, app: LiveApp, provider: str, sub: str, link: str = "", button: str = "登录") -> object:
    """A fresh browser context signed in as the provider's predefined user ``sub``, having first
    followed ``link`` (a path and query; the root by default)."""
    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} is missing")
    context = offline_context(
        browser, (app.url, f"http://127.0.0.1:{app.port}", provider), viewport={"width": 1400, "height": 1000},
        locale="zh-CN", accept_downloads=True,
    )
    page = context.new_page()
    page.goto(app.url + link)
    wait_ready(page)
    assert page.locator('[data-testid="stSidebarNav"]').count() == 0  # nothing offered before sign-in
    assert not streamlit_not_found(page)
    page.get_by_role("button", name=button).click()
    page.wait_for_url(f"{provider}/**")
    page.get_by_role("button", name=sub, exact=True).click()
    page.wait_for_url(f"{app.url}/**")
    wait_ready(page)
    return page


def streamlit_not_found(page: object) -> bool:
    """Whether Streamlit's own (English, untranslated) "Page not found" dialog is showing."""
    return page.get_by_text("Page not found").count() > 0  # type: ignore[attr-defined]


def main_text(page: object) -> str:
    """The main area's text as read (the invisible joiners of casewatch/ui/literal.py taken out)."""
    return page.locator('[data-testid="stMain"]').inner_text().replace(WORD_JOINER, "")  # type: ignore[attr-defined]


def app_left_the_machine(page: object) -> list[str]:
    """Blocked requests other than the mock provider's own stylesheet (its login page loads one)."""
    return [url for url in page.context.blocked if "picocss" not in url]  # type: ignore[attr-defined]


def nav_links(page: object) -> list[str]:
    """The page titles the sidebar offers (each link's last line: the icon's name comes first),
    the menu expanded first when Streamlit shows only its first ten."""
    more = page.locator('[data-testid="stSidebarNavViewButton"]')  # type: ignore[attr-defined]
    if more.count() and "less" not in more.inner_text().lower():
        more.click()
    links = page.locator('[data-testid="stSidebarNav"] a').all_inner_texts()  # type: ignore[attr-defined]
    return [link.strip().splitlines()[-1].strip() for link in links]


def download_csv(page: object) -> pd.DataFrame:
    button = page.get_by_role("button", name="下载 CSV（全部结果）")  # type: ignore[attr-defined]
    # Under a loaded machine about one click in twelve started no download (not reproduced alone:
    # the page was drawn and idle); a reader clicks again, and so does this test, once.
    for attempt in (1, 2):
        wait_settled(page)
        try:
            with page.expect_download(timeout=15_000) as info:  # type: ignore[attr-defined]
                button.click()
            break
        except PlaywrightTimeout:
            if attempt == 2:
                raise
            wait_ready(page)
    data = Path(info.value.path()).read_bytes()
    assert data.startswith(b"\xef\xbb\xbf")
    return pd.read_csv(io.BytesIO(data), encoding="utf-8-sig", dtype=str)


def test_member_signs_in_and_sees_only_its_own_member_data(browser: object, auth_app: LiveApp, provider: str) -> None:
    page = sign_in(browser, auth_app, provider, "m1")
    sidebar = page.locator('[data-testid="stSidebar"]').inner_text().replace(WORD_JOINER, "")  # type: ignore[attr-defined]
    assert "m1@example.com" in sidebar and "会员编号 M1" in sidebar
    assert page.locator('[data-testid="stSidebar"] a[href^="mailto:"]').count() == 0  # type: ignore[attr-defined]
    assert nav_links(page) == ["总览", "案件查询", "我的案件", "提醒"]

    page.goto(f"{auth_app.url}/cases?{DATES}")  # type: ignore[attr-defined]
    wait_ready(page)
    assert page.locator("h1").first.inner_text() == "案件查询"  # type: ignore[attr-defined]
    table = download_csv(page)
    assert len(table) == 9  # every row of the period, public facts for all
    assert set(table["会员编号"].dropna()) == {"M1"}
    assert set(table.loc[table["会员编号"].isna(), "冻结金额(美元)"].dropna()) == set()
    assert "BingDing Fashion" in set(table["店铺名"])  # a store name as filed is public

    page.goto(f"{auth_app.url}/cases?{DATES}&members=1&city=440100")  # type: ignore[attr-defined]
    wait_ready(page)
    # Guangzhou holds M2 only: for a member nothing matches (and there is nothing to download)
    assert "共 0 行" in page.locator('[data-testid="stMain"]').inner_text()  # type: ignore[attr-defined]
    assert page.get_by_role("button", name="下载 CSV（全部结果）").is_disabled()  # type: ignore[attr-defined]

    page.goto(f"{auth_app.url}/users")  # type: ignore[attr-defined]
    wait_ready(page)
    assert page.locator("h1").first.inner_text() == "此页无法打开"  # type: ignore[attr-defined]
    page.goto(f"{auth_app.url}/my_cases?member=M2")  # type: ignore[attr-defined]
    wait_ready(page)
    assert page.locator("h1").first.inner_text() == "我的案件"  # type: ignore[attr-defined]
    body = page.locator('[data-testid="stMain"]').inner_text()  # type: ignore[attr-defined]
    assert "丙丁" not in body  # M2's company name never shows
    assert unexpected_errors(page) == 0
    assert app_left_the_machine(page) == []
    page.context.close()  # type: ignore[attr-defined]


def test_analyst_signs_in_and_sees_everything(browser: object, auth_app: LiveApp, provider: str) -> None:
    page = sign_in(browser, auth_app, provider, "a1")
    sidebar = page.locator('[data-testid="stSidebar"]').inner_text().replace(WORD_JOINER, "")  # type: ignore[attr-defined]
    assert "a1@example.com" in sidebar and "分析员" in sidebar
    assert "用户与联系人" in nav_links(page)

    page.goto(f"{auth_app.url}/cases?{DATES}")  # type: ignore[attr-defined]
    wait_ready(page)
    table = download_csv(page)
    assert set(table["会员编号"].dropna()) == {"M1", "M2", "M3", "M4"}
    assert table["冻结金额(美元)"].notna().sum() == 8

    page.goto(f"{auth_app.url}/users")  # type: ignore[attr-defined]
    wait_ready(page)
    assert page.locator("h1").first.inner_text() == "用户与联系人"  # type: ignore[attr-defined]
    assert unexpected_errors(page) == 0
    assert app_left_the_machine(page) == []
    page.context.close()  # type: ignore[attr-defined]


def test_leadership_signs_in_and_the_brief_names_no_member(browser: object, auth_app: LiveApp, provider: str) -> None:
    """Issue 26, item 1: the brief leadership reads counts the members sued for the first time and
    names none (February 2024: M2, Guangzhou Bingding Apparel, is counted in Guangzhou)."""
    page = sign_in(browser, auth_app, provider, "l1", link="/monthly?month=2024-02&lang=en", button="Log in")
    page.wait_for_selector('[data-testid="stMain"] h1')  # type: ignore[attr-defined]
    wait_ready(page)
    text = main_text(page)
    assert "Leadership brief" in text and "One member was sued for the first time." in text
    members = pd.read_csv(FIXTURES / "tiny" / "members.csv", dtype=str)  # the app's register
    register = [v for v in members[["member_id", "name_zh", "name_en"]].to_numpy().ravel() if isinstance(v, str)]
    tables = page.locator('[data-testid="stDataFrame"]').all_inner_texts()  # type: ignore[attr-defined]
    shown = text + "\n".join(tables)
    assert [
        name for name in register if re.search(rf"(?<![A-Za-z0-9]){re.escape(str(name))}(?![A-Za-z0-9])", shown)
    ] == []
    assert app_left_the_machine(page) == []
    page.context.close()  # type: ignore[attr-defined]


# --- issue 26: one address per page for every role, the link kept across the sign-in -------------

C2 = "ilnd:1:24-cv-00002"  # Beta LLC v. Schedule A; M1 is among its defendants


def h1(page: object) -> str:
    return page.locator('[data-testid="stMain"] h1').first.inner_text()  # type: ignore[attr-defined, no-any-return]


def test_every_page_has_one_address_that_works_and_a_link_survives_the_sign_in(
    browser: object, auth_app: LiveApp, provider: str
) -> None:
    url = auth_app.url
    # signed out, a deep link keeps its address on the sign-in screen and is where the sign-in ends
    link = f"/cases?case={C2}&lang=en"
    page = sign_in(browser, auth_app, provider, "m1", link=link, button="Log in")
    page.wait_for_url(f"{url}/cases?**")  # type: ignore[attr-defined]
    wait_ready(page, content='[data-testid="stMain"] h3')
    query = urllib.parse.parse_qs(urllib.parse.urlsplit(page.url).query)  # type: ignore[attr-defined]
    assert query == {"case": [C2], "lang": ["en"]}
    assert page.locator('[data-testid="stMain"] h3').first.inner_text() == "Beta LLC v. Schedule A"  # type: ignore[attr-defined]
    assert "Back to the case list" in main_text(page) and not streamlit_not_found(page)  # in English, as linked

    # the overview at its own address, and "/" leading there
    for path in ("/overview?lang=en", "/?lang=en"):
        page.goto(url + path)  # type: ignore[attr-defined]
        wait_ready(page)
        assert h1(page) == "Overview" and not streamlit_not_found(page)
        assert page.url == f"{url}/overview?lang=en"  # type: ignore[attr-defined]

    # a page closed to the role says so, in the user's language, at its own address; its file
    # path leads there too (it drew a blank page)
    for path in ("/users?lang=en", "/pages/users.py?lang=en"):
        page.goto(url + path)  # type: ignore[attr-defined]
        wait_ready(page)
        assert page.url == f"{url}/users?lang=en"  # type: ignore[attr-defined]
        assert h1(page) == "Page not available" and not streamlit_not_found(page)
        assert "The Users & contacts page is not available for your role (member)" in main_text(page)
    page.goto(url + "/monthly")  # type: ignore[attr-defined]
    wait_ready(page)
    assert h1(page) == "此页无法打开" and "“月度简报”页不对您的角色（会员）开放" in main_text(page)
    assert unexpected_errors(page) == 0
    assert app_left_the_machine(page) == []
    page.context.close()  # type: ignore[attr-defined]


# --- issue 26: values from links are drawn as typed ------------------------------------------------

HOSTILE = (
    "[zq](http://127.0.0.1:1/zq) ![zq](http://127.0.0.1:1/zq.png) **zq** _zq_ <b>zq</b> <img src=/zq.png> "
    "http://127.0.0.1:1/zq www.zq.example zq@zq.example :material/home:"
)
# an element drawn from a hostile value: a link or image pointing at it, emphasis around it
# (Streamlit's own anchor links beside headings, href="#...", are left out)
DRAWN = """main => [...main.querySelectorAll('a:not([href^="#"]), img, strong, em, b, i, del')]
    .filter(e => /zq|127\\.0\\.0\\.1:1/.test(
        e.textContent + (e.getAttribute('href') || '') + (e.getAttribute('src') || '')))
    .map(e => e.outerHTML.slice(0, 160))"""


def drawn_from_values(page: object) -> list[str]:
    main = page.locator('[data-testid="stMain"]')  # type: ignore[attr-defined]
    icons = [text for text in main.locator('[data-testid="stIconMaterial"]').all_inner_texts() if text == "home"]
    return main.evaluate(DRAWN) + icons  # type: ignore[no-any-return]


def test_values_from_links_and_the_search_show_as_typed(browser: object, auth_app: LiveApp, provider: str) -> None:
    page = sign_in(browser, auth_app, provider, "a1")
    url = auth_app.url
    # the examples: a link and bold text in the search, a bare address as ?case=
    for name, value in (
        ("q", "[sign in again](http://127.0.0.1:1/x)"),
        ("q", "**bold**"),
        ("case", "http://127.0.0.1:1/x"),
    ):
        page.goto(f"{url}/cases?{DATES}&{urllib.parse.urlencode({name: value})}")  # type: ignore[attr-defined]
        wait_ready(page)
        main = page.locator('[data-testid="stMain"]')  # type: ignore[attr-defined]
        assert main.locator('a[href*="127.0.0.1:1"]').count() == 0 and main.locator("strong").count() == 0
        text = main_text(page)
        assert value in text or value.lower() in text, text[:400]  # the search caption shows the words
        if name == "q":  # nothing matches: the count says so plainly (it said "rows 0–-1")
            assert "共 0 行（0 件案件）" in text and "–-1" not in text

    # every URL parameter carrying markdown, HTML and addresses, on every page
    hostile = urllib.parse.urlencode({name: HOSTILE for name in URL_NAMES})
    showing = []
    for file in PAGES:
        page.goto(f"{url}/{Path(file).stem}?{hostile}")  # type: ignore[attr-defined]
        wait_ready(page)
        assert unexpected_errors(page) == 0, file  # type: ignore[attr-defined]
        assert drawn_from_values(page) == [], file
        showing += [file] if "zq" in main_text(page) else []
    assert "pages/cases.py" in showing and "pages/parties.py" in showing, showing  # the values are there, as typed
    assert app_left_the_machine(page) == []  # nothing fetched from 127.0.0.1:1
    page.context.close()  # type: ignore[attr-defined]
