"""Native login in headless chromium: the real OIDC flow (st.login) against oidc-provider-mock,
started here, once as a member and once as an analyst, checking what each sees and downloads.

The secrets live in a temporary file handed to Streamlit through STREAMLIT_SECRETS_FILES; no
secrets.toml is written into the repository.
"""

from __future__ import annotations

import io
import json
import os
import secrets
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pandas as pd
import pytest

from tests.browser import CHROMIUM, LiveApp, block_outside, free_port, start_app, wait_ready
from tests.roles import build_tiny

pytestmark = pytest.mark.browser
PROVIDER_PORT = 9400  # DESIGN.md; another free port when something else holds it
USERS = [{"sub": "m1", "email": "m1@example.com"}, {"sub": "a1", "email": "a1@example.com"}]
DATES = "from=2023-01-01&to=2024-12-31"


def _port_free(port: int) -> bool:
    with socket.socket() as sock:
        return sock.connect_ex(("127.0.0.1", port)) != 0


@pytest.fixture(scope="module")
def provider() -> Iterator[str]:
    """oidc-provider-mock on loopback with the predefined users m1 (a member) and a1 (an analyst)."""
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


def sign_in(browser: object, app: LiveApp, provider: str, sub: str) -> object:
    """A fresh browser context signed in as the provider's predefined user ``sub``."""
    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} is missing")
    context = browser.new_context(viewport={"width": 1400, "height": 1000}, locale="zh-CN", accept_downloads=True)  # type: ignore[attr-defined]
    context.blocked = block_outside(context, (app.url, f"http://127.0.0.1:{app.port}", provider))
    page = context.new_page()
    page.goto(app.url)
    wait_ready(page)
    assert page.locator('[data-testid="stSidebarNav"]').count() == 0  # nothing offered before sign-in
    page.get_by_role("button", name="登录").click()
    page.wait_for_url(f"{provider}/**")
    page.get_by_role("button", name=sub, exact=True).click()
    page.wait_for_url(f"{app.url}/**")
    wait_ready(page)
    return page


def app_left_the_machine(page: object) -> list[str]:
    """Blocked requests other than the mock provider's own stylesheet (its login page loads one)."""
    return [url for url in page.context.blocked if "picocss" not in url]  # type: ignore[attr-defined]


def nav_links(page: object) -> list[str]:
    """The page titles the sidebar offers (each link's last line: the icon's name comes first)."""
    links = page.locator('[data-testid="stSidebarNav"] a').all_inner_texts()  # type: ignore[attr-defined]
    return [link.strip().splitlines()[-1].strip() for link in links]


def download_csv(page: object) -> pd.DataFrame:
    with page.expect_download() as info:  # type: ignore[attr-defined]
        page.get_by_role("button", name="下载 CSV（全部结果）").click()  # type: ignore[attr-defined]
    data = Path(info.value.path()).read_bytes()
    assert data.startswith(b"\xef\xbb\xbf")
    return pd.read_csv(io.BytesIO(data), encoding="utf-8-sig", dtype=str)


def test_member_signs_in_and_sees_only_its_own_member_data(browser: object, auth_app: LiveApp, provider: str) -> None:
    page = sign_in(browser, auth_app, provider, "m1")
    sidebar = page.locator('[data-testid="stSidebar"]').inner_text()  # type: ignore[attr-defined]
    assert "m1@example.com" in sidebar and "会员编号 M1" in sidebar
    assert nav_links(page) == ["总览", "案件查询", "我的案件"]

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
    assert page.locator("h1").first.inner_text() != "用户与联系人"  # type: ignore[attr-defined]
    page.goto(f"{auth_app.url}/my_cases?member=M2")  # type: ignore[attr-defined]
    wait_ready(page)
    assert page.locator("h1").first.inner_text() == "我的案件"  # type: ignore[attr-defined]
    body = page.locator('[data-testid="stMain"]').inner_text()  # type: ignore[attr-defined]
    assert "丙丁" not in body  # M2's company name never shows
    assert page.locator('[data-testid="stException"]').count() == 0  # type: ignore[attr-defined]
    assert app_left_the_machine(page) == []
    page.context.close()  # type: ignore[attr-defined]


def test_analyst_signs_in_and_sees_everything(browser: object, auth_app: LiveApp, provider: str) -> None:
    page = sign_in(browser, auth_app, provider, "a1")
    sidebar = page.locator('[data-testid="stSidebar"]').inner_text()  # type: ignore[attr-defined]
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
    assert page.locator('[data-testid="stException"]').count() == 0  # type: ignore[attr-defined]
    assert app_left_the_machine(page) == []
    page.context.close()  # type: ignore[attr-defined]
