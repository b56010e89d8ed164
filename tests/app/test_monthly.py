"""AppTest of the Monthly page on the tiny fixture (numbers worked in tests/queries/test_overview.py and
tests/unit/test_report.py): month picker, KPIs, narrative, filters, language, downloads."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator

import pytest
from streamlit.testing.v1 import AppTest

from casewatch.db import Database
from casewatch.facts import bump_data_version
from casewatch.filters import add_months
from tests.app.test_pages import app_db  # noqa: F401 - fixture: the tiny database, caches cleared
from tests.support.apptest import errors, open_page, rerun
from tests.support.roles import _as_app_db

PAGE = "pages/monthly.py"


def metrics(at: AppTest) -> list[str]:
    return [m.value for m in at.metric]


def test_month_from_the_link(app_db: str) -> None:  # noqa: F811
    at = open_page(PAGE, month="2024-02")
    assert not errors(at)
    assert at.title[0].value == "月度简报"
    assert at.selectbox(key="report_month").value == dt.date(2024, 2, 1)
    # February 2024: C2 + C3; s4, s5, s6; M2 and M1; M2 new; frozen 0 + 300 + 100
    assert metrics(at) == ["2", "3", "2", "1", "$400"]
    assert [m.delta for m in at.metric][:2] == ["+100% 环比", "0% 环比"]
    summary = " ".join(md.value for md in at.markdown)
    assert "2024年2月新增案件2件，环比增长100%，去年同月无新案件" in summary
    assert "CaseWatch 月度简报 · 2024年2月" in [s.value for s in at.subheader]
    briefs = [b.label for b in at.get("download_button") if str(b.key).startswith("monthly_download_")]
    assert briefs == ["下载 PDF", "下载 HTML", "下载 XLSX"]
    assert at.query_params["month"] == "2024-02"


def test_default_is_the_latest_full_month_of_the_data(app_db: str) -> None:  # noqa: F811
    at = open_page(PAGE)
    assert not errors(at)
    # the fixture's last cases were filed in March 2024, long before today
    assert at.selectbox(key="report_month").value == dt.date(2024, 3, 1)
    assert metrics(at) == ["1", "0", "0", "0", "$0"]  # C5 has no defendant listed
    assert at.query_params["month"] == "2024-03"


def test_picking_a_month_and_a_city(app_db: str) -> None:  # noqa: F811
    at = open_page(PAGE, month="2024-02")
    at.selectbox(key="report_month").set_value(dt.date(2024, 1, 1))
    rerun(at)
    # January: C1 with s1 (M1), s2 (M3), s3; both members new; 1000 + 500 + 200
    assert metrics(at) == ["1", "3", "2", "2", "$1,700"]
    assert at.query_params["month"] == "2024-01"
    at.multiselect(key="flt_city").set_value(["440300"])
    rerun(at)
    # Shenzhen in January: s1 only
    assert metrics(at) == ["1", "1", "1", "1", "$1,000"]
    assert not errors(at)


def test_in_english(app_db: str) -> None:  # noqa: F811
    at = open_page(PAGE, month="2024-02", lang="en")
    assert not errors(at)
    assert at.title[0].value == "Monthly brief"
    # the summary is shown as typed: literal() backslash-escapes markdown's punctuation
    summary = re.sub(r"\\(.)", r"\1", " ".join(md.value for md in at.markdown))
    assert "New cases in February 2024: 2 (up 100% on the previous month, none a year earlier)" in summary
    assert any("Wave results are not available yet" in info.value for info in at.info)


@pytest.fixture
def current_month_db(tiny_db: Database, monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    """The tiny database plus a case filed today (one Shenzhen store) and one filed on the first of
    the previous month (one store), so that the picker offers the current month."""
    today = dt.date.today()
    with tiny_db.write() as con:
        for number, filed_on in ((91, today), (92, add_months(today, -1))):
            case_id = f"ilnd:1:26-cv-000{number}"
            con.execute(
                "INSERT INTO cases (case_id, court, country, docket_number, filed_on, plaintiff, brand, law_firm, "
                "ip_type, case_kind, sector_code) VALUES ($1, 'ilnd', 'US', $2, $3, 'Alpha Inc', 'Alpha', 'Firm A', "
                "'trademark', 'schedule_a', 'S0201')",
                [case_id, case_id.removeprefix("ilnd:"), filed_on],
            )
            con.execute(
                "INSERT INTO defendants (case_id, defendant_no, store_name, platform, seller_id, city_code, outcome) "
                "VALUES ($1, 1, 'Store', 'temu', $2, '440300', 'pending')",
                [case_id, f"T{number}"],
            )
        bump_data_version(con)
    path = tiny_db.path
    tiny_db.close()
    yield from _as_app_db(path, monkeypatch)


def test_the_current_month_is_month_to_date(current_month_db: str) -> None:
    today = dt.date.today()
    at = open_page(PAGE)
    assert not errors(at)
    # the default stays the latest full month, said as a whole month
    assert at.selectbox(key="report_month").value == add_months(today, -1)
    assert not at.warning and "本月至今" not in at.subheader[0].value
    at = open_page(PAGE, month=f"{today:%Y-%m}")
    assert not errors(at)
    assert at.selectbox(key="report_month").value == today.replace(day=1)
    assert f"CaseWatch 月度简报 · {today.year}年{today.month}月（本月至今，截至{today.month}月{today.day}日）" in [
        s.value for s in at.subheader
    ]
    warning = re.sub(r"\\(.)", r"\1", at.warning[0].value)
    assert warning.startswith("本月尚未结束") and f"（{today:%Y-%m}-01至{today:%Y-%m-%d}）" in warning
    # one case so far against the one filed on the first of the previous month
    assert metrics(at)[:2] == ["1", "1"] and at.metric[0].delta == "0% 环比"
    assert "新增案件1件，与上月同期持平" in " ".join(md.value for md in at.markdown)
