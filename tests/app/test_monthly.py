"""AppTest of the Monthly page on the tiny fixture (numbers worked in tests/queries/test_overview.py and
tests/unit/test_report.py): month picker, KPIs, narrative, filters, language, downloads."""

from __future__ import annotations

import datetime as dt
import re

from streamlit.testing.v1 import AppTest

from tests.app.test_pages import app_db  # noqa: F401 - fixture: the tiny database, caches cleared
from tests.support.apptest import errors, open_page, rerun

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
