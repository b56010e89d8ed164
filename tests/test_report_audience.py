"""The monthly brief's audience (issue 26, item 1): the leadership brief - the page as leadership
sees it and the CLI's default - counts the members sued for the first time and names none; the
analyst brief may list them. Every text of the leadership brief is read: the page, each PDF
page, the HTML (less its embedded plotly.js) and every XLSX cell."""

from __future__ import annotations

import io
import re
from pathlib import Path

import openpyxl
import pandas as pd
import pytest
from pypdf import PdfReader

from casewatch import report
from casewatch.__main__ import main
from casewatch.auth import Scope
from casewatch.db import Database
from casewatch.errors import CaseWatchError
from tests import roles
from tests.apptest import errors
from tests.test_report import ANY_DATES, FEB, NOW, vocabulary

role_db = roles.role_db  # a fixture


def register(db: Database) -> list[str]:
    """Every member id and name of the register: none may appear in a leadership brief."""
    frame = db.sql("SELECT member_id, name_zh, name_en FROM members")
    return [str(v) for v in frame.to_numpy().ravel() if isinstance(v, str) and v]


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


def brief(db: Database, audience: str) -> report.MonthlyBrief:
    fetch = lambda name, **params: db.query(name, scope=Scope(audience), **params)  # noqa: E731
    return report.build_brief(fetch, FEB, ANY_DATES, vocabulary(db), now=NOW, audience=audience)


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_leadership_brief_names_no_member_in_any_format(tiny_db: Database, lang: str) -> None:
    words = register(tiny_db)
    leadership = brief(tiny_db, "leadership")
    for fmt in report.FORMATS:
        text = all_text(report.render(leadership, fmt, lang), fmt)
        assert named(text, words) == [], (fmt, named(text, words))
    # February 2024: M2 (Guangzhou) is the one member sued for the first time - counted, by city
    sheet = report.tables(leadership, lang)["new_members"]
    assert sheet.to_numpy().tolist() == [["广州" if lang == "zh" else "Guangzhou", 1]]
    assert (
        "首次涉诉的会员有1家。" if lang == "zh" else "One member was sued for the first time."
    ) in leadership.summary(lang)
    assert ("领导版" if lang == "zh" else "Leadership brief") in leadership.meta_lines(lang)[0]


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


def test_the_page_as_leadership_names_no_member(role_db: str) -> None:
    db = Database(role_db, read_only=True)
    words = register(db)
    db.close()
    at = roles.open_as("pages/monthly.py", "l1@example.com", month="2024-02", lang="en")
    assert not errors(at)
    frames, texts = roles.rendered(at)
    shown = "\n".join(texts) + "\n".join(frame.to_csv() for frame in frames if isinstance(frame, pd.DataFrame))
    assert named(shown, words) == []
    assert "Leadership brief" in shown
    analyst = roles.open_as("pages/monthly.py", "a1@example.com", month="2024-02", lang="en")
    frames, texts = roles.rendered(analyst)
    assert "M2" in named("\n".join(frame.to_csv() for frame in frames), words)
