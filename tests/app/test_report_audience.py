"""The monthly brief's audience (issue 26, item 1): the leadership brief - the page as leadership
sees it and the CLI's default - counts the members sued for the first time and names none; the
analyst brief may list them. Every text of the leadership brief is read: the page, each PDF
page, the HTML (less its embedded plotly.js) and every XLSX cell."""

from __future__ import annotations

import datetime as dt
import io
import json
import re
from dataclasses import replace
from pathlib import Path

import openpyxl
import pandas as pd
import pytest
from pypdf import PdfReader
from streamlit.testing.v1 import AppTest

from casewatch import report
from casewatch.__main__ import main
from casewatch.access import Scope
from casewatch.db import Database
from casewatch.errors import CaseWatchError
from casewatch.filters import Filters
from tests.support import roles
from tests.support.apptest import errors, rerun
from tests.unit.test_report import ANY_DATES, FEB, NOW, vocabulary

role_db = roles.role_db  # a fixture


JAN = dt.date(2024, 1, 1)


def register(db: Database) -> list[str]:
    """Every member id, name and e-mail of the register, and its members' store names and seller
    ids: none may appear in a leadership brief."""
    frame = db.sql(
        "SELECT member_id, name_zh, name_en, email FROM members "
        "UNION ALL SELECT member_id, store_name, seller_id, NULL FROM member_stores"
    )
    return sorted({str(v) for v in frame.to_numpy().ravel() if isinstance(v, str) and v})


def named(texts: str, words: list[str]) -> list[str]:
    found = []
    for word in words:
        pattern = (
            rf"(?<![A-Za-z0-9]){re.escape(word)}(?![A-Za-z0-9])" if re.fullmatch(r"M\d+", word) else re.escape(word)
        )
        if re.search(pattern, texts):
            found.append(word)
    return found


def all_text(data: bytes, fmt: str) -> str:
    if fmt == "pdf":
        return "\n".join(page.extract_text() or "" for page in PdfReader(io.BytesIO(data)).pages)
    if fmt == "html":
        html = re.sub(r"<script.*?</script>", " ", data.decode("utf-8"), flags=re.S)
        return re.sub(r"<[^>]+>", " ", html)
    book = openpyxl.load_workbook(io.BytesIO(data))
    return "\n".join(str(c.value) for sheet in book.worksheets for row in sheet.iter_rows() for c in row if c.value)


def brief(db: Database, audience: str, month: dt.date = FEB, filters: Filters = ANY_DATES) -> report.MonthlyBrief:
    """The brief for ``audience``, its queries run as that role (the data layer's check)."""
    fetch = lambda name, **params: db.query(name, scope=Scope(audience), **params)  # noqa: E731
    return report.build_brief(fetch, month, filters, vocabulary(db), now=NOW, audience=audience)


def test_the_register_words_are_the_fixtures(tiny_db: Database) -> None:
    words = register(tiny_db)
    assert {"M1", "Shenzhen Jiayi E-commerce Co. Ltd.", "深圳市甲乙电子商务有限公司", "m1@example.com"} <= set(words)
    assert {"JiaYi Direct", "A1JIAYI0001", "jiayi-store", "T3WUJI"} <= set(words)
    assert len(words) == 4 * 4 + 5 * 2  # 4 members x (id, 2 names, e-mail); 5 stores x (name, seller id)


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_leadership_brief_names_no_member_in_any_format(tiny_db: Database, lang: str) -> None:
    words = register(tiny_db)
    leadership = brief(tiny_db, "leadership")
    for fmt in report.FORMATS:
        text = all_text(report.render(leadership, fmt, lang), fmt)
        assert named(text, words) == [], (fmt, named(text, words))
    # February 2024: M2 (Guangzhou) is the one member sued for the first time - counted, by city
    sheet = report.month_tables(leadership, lang)["new_members"]
    assert sheet.to_numpy().tolist() == [["广州" if lang == "zh" else "Guangzhou", 1]]
    assert ("首次涉诉的会员有1家。" if lang == "zh" else "One member was sued for the first time.") in report.summary(
        leadership, lang
    )
    assert ("领导版" if lang == "zh" else "Leadership brief") in leadership.meta_lines(lang)[0]


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_january_two_members_in_two_cities_counted_and_named_by_none(tiny_db: Database, lang: str) -> None:
    # C1 (2024-01-10): s1 M1 (Shenzhen) and s2 M3 (Shantou), both first seen then; s3 no member.
    # M4 (Shenzhen) was first sued in December 2023, so Shenzhen counts 1, not 2.
    january = brief(tiny_db, "leadership", JAN)
    assert january.kpi("members_new").value == 2
    table = report.month_tables(january, lang)["new_members"].to_numpy().tolist()
    assert table == ([["深圳", 1], ["汕头", 1]] if lang == "zh" else [["Shenzhen", 1], ["Shantou", 1]])
    # one each: no city has the most of them alone, so none is singled out
    last = report.sentences(january, lang)[-1]
    assert last == ("首次涉诉的会员有2家。" if lang == "zh" else "2 members were sued for the first time.")
    for fmt in report.FORMATS:
        assert named(all_text(report.render(january, fmt, lang), fmt), register(tiny_db)) == [], fmt


def test_a_city_filter_narrows_the_count(tiny_db: Database) -> None:
    # ?month=2024-01&city=440300: Shenzhen's defendant rows are s1 (M1, January) and s7 (M4,
    # December): M1 is the one Shenzhen member sued for the first time in January
    shenzhen = brief(tiny_db, "leadership", JAN, ANY_DATES.with_values(cities=("440300",)))
    assert report.month_tables(shenzhen, "en")["new_members"].to_numpy().tolist() == [["Shenzhen", 1]]
    assert report.sentences(shenzhen, "en")[-1] == "One member was sued for the first time."
    analyst = brief(tiny_db, "analyst", JAN, ANY_DATES.with_values(cities=("440300",)))
    assert analyst.new_members["member_id"].tolist() == ["M1"]
    assert report.sentences(analyst, "en")[-1] == "Sued for the first time: Shenzhen Jiayi E-commerce Co. Ltd."


def test_the_city_with_the_most_alone_is_named(tiny_db: Database) -> None:
    """The issue's example, 14 members of whom 5 in Shenzhen, on January's brief with its numbers
    replaced (the tiny fixture has no month with two new members in one city)."""
    january = brief(tiny_db, "leadership", JAN)
    cities = pd.DataFrame(
        {
            "city_code": ["440300", "440100", "440500", None],
            "city_zh": ["深圳", "广州", "汕头", None],
            "city_en": ["Shenzhen", "Guangzhou", "Shantou", None],
            "members": [5, 4, 4, 1],
        }
    )
    trend = january.trend.copy()
    trend.loc[trend["month"] == pd.Timestamp(JAN), "members_new"] = 14
    fourteen = replace(january, new_member_cities=cities, trend=trend)
    assert report.sentences(fourteen, "en")[-1] == "14 members were sued for the first time, 5 of them in Shenzhen."
    assert report.sentences(fourteen, "zh")[-1] == "首次涉诉的会员有14家，其中5家在深圳。"
    assert report.month_tables(fourteen, "zh")["new_members"].to_numpy().tolist() == [
        ["深圳", 5], ["广州", 4], ["汕头", 4], ["未登记城市", 1],
    ]  # fmt: skip
    tied = replace(fourteen, new_member_cities=cities.assign(members=[5, 5, 3, 1]))
    assert report.sentences(tied, "en")[-1] == "14 members were sued for the first time."


def test_a_leadership_brief_cannot_carry_the_named_list(tiny_db: Database) -> None:
    analyst = brief(tiny_db, "analyst")
    assert analyst.new_members["member_id"].tolist() == ["M2"]
    with pytest.raises(ValueError, match="leadership brief"):
        replace(analyst, audience="leadership")
    with pytest.raises(ValueError, match="audience"):
        replace(analyst, audience="members")
    with pytest.raises(ValueError, match="audience"):
        report.build_brief(tiny_db.query, FEB, ANY_DATES, vocabulary(tiny_db), audience="public")


def test_who_reads_which_brief() -> None:
    assert report.audience_for("leadership") == "leadership"
    assert report.audience_for("leadership", "analyst") == "leadership"  # a tampered link changes nothing
    assert report.audience_for("member", "analyst") == "leadership"
    assert report.audience_for("analyst") == "analyst"
    assert report.audience_for("analyst", "leadership") == "leadership"
    assert report.audience_for("analyst", "everyone") == "analyst"


def test_the_file_name_says_the_audience(tiny_db: Database) -> None:
    assert report.file_name(brief(tiny_db, "leadership"), "pdf", "zh") == "casewatch_brief_2024-02_zh_leadership.pdf"
    assert report.file_name(brief(tiny_db, "analyst"), "xlsx", "en") == "casewatch_brief_2024-02_en_analyst.xlsx"


def test_the_analyst_brief_lists_them_by_name(tiny_db: Database) -> None:
    analyst = brief(tiny_db, "analyst")
    text = all_text(report.render(analyst, "xlsx", "en"), "xlsx")
    assert named(text, ["M2", "Guangzhou Bingding Apparel Co. Ltd."]) == ["M2", "Guangzhou Bingding Apparel Co. Ltd."]
    assert "Analyst brief" in analyst.meta_lines("en")[0]


def test_leadership_may_not_run_the_member_list(tiny_db: Database) -> None:
    with pytest.raises(CaseWatchError):
        tiny_db.query("report/new_members", scope=Scope("leadership"), **ANY_DATES.params(), month=FEB, limit=10)


def test_the_cli_brief_is_the_leadership_one_unless_asked(tiny_db: Database, tmp_path: Path) -> None:
    words = register(tiny_db)
    path = tiny_db.path
    tiny_db.close()
    out = tmp_path / "brief.xlsx"
    assert (
        main(["report", "--db", path, "--month", "2024-02", "--lang", "en", "--format", "xlsx", "--out", str(out)]) == 0
    )
    assert named(all_text(out.read_bytes(), "xlsx"), words) == []
    argv = [
        "report",
        "--db",
        path,
        "--month",
        "2024-02",
        "--format",
        "xlsx",
        "--out",
        str(out),
        "--audience",
        "analyst",
    ]
    assert main(argv) == 0
    assert "M2" in named(all_text(out.read_bytes(), "xlsx"), words)


def chart_strings(spec: object, key: str = "") -> list[str]:
    """Every text of a plotly figure's JSON (data, labels, titles, hover texts), less its theme and
    plotly's own codes ("dtick": "M1" is a one-month tick, not member M1)."""
    if key in ("template", "dtick", "tick0"):
        return []
    if isinstance(spec, dict):
        return [text for k, v in spec.items() for text in chart_strings(v, k)]
    if isinstance(spec, list):
        return [text for v in spec for text in chart_strings(v, key)]
    return [str(spec)] if spec is not None else []


def page_text(at: AppTest) -> str:
    """Every text, table and chart of a page run, and the options and labels of its widgets."""
    frames, texts = roles.rendered(at)
    shown = texts + [frame.to_csv() for frame in frames if isinstance(frame, pd.DataFrame)]
    for chart in at.get("plotly_chart"):
        shown += chart_strings(json.loads(chart.proto.spec))
    for kind in ("selectbox", "multiselect", "segmented_control"):
        for widget in getattr(at, kind):
            shown += [str(widget.label), *(str(option) for option in widget.options)]
    shown += [str(button.proto.label) for button in at.get("download_button")]
    return "\n".join(shown)


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_page_as_leadership_names_no_member(role_db: str, lang: str) -> None:
    db = Database(role_db, read_only=True)
    words = register(db)
    db.close()
    for month in ("2024-01", "2024-02"):
        # ?audience=analyst is a tampered link for leadership: the brief stays the leadership one
        at = roles.open_as("pages/monthly.py", "l1@example.com", month=month, lang=lang, audience="analyst")
        assert not errors(at)
        shown = page_text(at)
        assert named(shown, words) == [], (month, named(shown, words))
        assert ("领导版简报" if lang == "zh" else "Leadership brief") in shown
        assert not at.get("segmented_control") or "audience" not in [w.key for w in at.segmented_control]
    # February: M2 (Guangzhou), counted in the table and the summary
    assert at.dataframe[-1].value.to_numpy().tolist() == [["广州" if lang == "zh" else "Guangzhou", 1]]


def test_the_page_as_an_analyst_names_them_and_offers_the_leadership_brief(role_db: str) -> None:
    db = Database(role_db, read_only=True)
    words = register(db)
    db.close()
    at = roles.open_as("pages/monthly.py", "a1@example.com", month="2024-02", lang="en")
    assert not errors(at)
    assert at.segmented_control(key="audience").value == "analyst"
    assert named(page_text(at), words) == ["Guangzhou Bingding Apparel Co. Ltd.", "M2"]
    assert "Analyst brief" in page_text(at)
    # what an analyst sends on to leadership: the page as leadership sees it, and a link to it
    at.segmented_control(key="audience").set_value("leadership")
    rerun(at)
    assert not errors(at)
    assert named(page_text(at), words) == []
    assert "Leadership brief" in page_text(at)
    assert at.query_params["audience"] == "leadership"
