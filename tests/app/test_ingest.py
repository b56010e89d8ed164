"""The Data page: upload -> validation report -> preview -> commit; a bad upload writes nothing;
review decisions from the queue; templates that import as they are."""

from __future__ import annotations

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from casewatch.db import Database
from casewatch.ingest import import_files
from casewatch.ingest.spec import TABLE_KINDS
from casewatch.ingest.templates import template_bytes, template_name
from tests.app.test_pages import app_db  # noqa: F401 - the fixture
from tests.support.apptest import errors, open_page, rerun

GOOD = 'case_id,store_name,platform,frozen_usd\nilnd:1:24-cv-00005,Brand New Shop,amazon,"$1,000"\n'
BAD = "case_id,store_name,platform,frozen_usd\nilnd:1:24-cv-00005,Brand New Shop,amazon,-1\n"


def count(path: str, sql: str) -> int:
    db = Database(path)
    try:
        return int(db.sql(sql).iloc[0, 0])
    finally:
        db.close()


def upload(at: AppTest, name: str, text: str) -> AppTest:
    # a plain run (not tests.support.apptest.rerun) keeps the uploaded bytes registered with the widget
    at.file_uploader[0].set_value([(name, text.encode("utf-8"), "text/csv")])
    at.run()
    at.button(key="intake_validate").click()
    return at.run()


def test_upload_validate_preview_commit(app_db: str) -> None:  # noqa: F811
    at = open_page("pages/data.py", lang="en")
    assert not errors(at)
    at = upload(at, "list.csv", GOOD)
    assert not errors(at)
    assert any("Valid" in i.value for i in at.info)
    assert count(app_db, "SELECT count(*) FROM defendants WHERE store_name = 'Brand New Shop'") == 0
    at.button(key="intake_commit").click()
    at.run()
    assert not errors(at)
    assert count(app_db, "SELECT count(*) FROM defendants WHERE store_name = 'Brand New Shop'") == 1
    assert count(app_db, "SELECT count(*) FROM imports") == 1


def test_bad_upload_reports_row_and_column_and_writes_nothing(app_db: str) -> None:  # noqa: F811
    at = open_page("pages/data.py", lang="zh")
    at = upload(at, "bad.csv", BAD)
    assert [e.value for e in at.error]
    shown = "\n".join(str(t.value) for t in at.text)
    assert "第 2 行" in shown and "frozen_usd" in shown and "金额不能为负数" in shown
    assert not [b for b in at.button if b.key == "intake_commit"]
    assert count(app_db, "SELECT count(*) FROM imports") == 0


def test_review_queue_accept(app_db: str, tmp_path: Path) -> None:  # noqa: F811
    db = Database(app_db)
    (tmp_path / "list.csv").write_text(
        "case_id,store_name,platform\nilnd:1:24-cv-00005,深圳市甲乙电子有限公司,temu\n", encoding="utf-8"
    )
    import_files(db, [tmp_path / "list.csv"])
    db.close()
    at = open_page("pages/data.py", lang="en")
    accepts = [b for b in at.button if b.key and b.key.startswith("accept_")]
    assert len(accepts) == 1
    accepts[0].click()
    rerun(at)
    assert not errors(at)
    assert count(app_db, "SELECT count(*) FROM match_decisions WHERE decision = 'accepted'") == 1
    linked = "SELECT count(*) FROM defendants WHERE store_name = '深圳市甲乙电子有限公司' AND member_id = 'M1'"
    assert count(app_db, linked) == 1


@pytest.mark.parametrize("lang", ["zh", "en"])
@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_templates_import_as_they_are(tmp_path: Path, lang: str, fmt: str) -> None:
    paths = []
    for kind in ("members", "cases", "defendants", "events"):
        path = tmp_path / template_name(kind, lang, fmt)
        path.write_bytes(template_bytes(kind, lang, fmt))
        paths.append(path)
    db = Database(str(tmp_path / "t.duckdb"))
    report = import_files(db, paths)
    assert report.committed
    assert [f.kind for f in report.files] == ["members", "cases", "defendants", "events"]
    assert set(TABLE_KINDS) == {f.kind for f in report.files}
    # the example defendant is the example member's store: matched by seller id
    assert db.sql("SELECT member_id FROM defendants")["member_id"].tolist() == ["M1001"]


def test_committed_templates_are_current() -> None:
    folder = Path(__file__).resolve().parent.parent.parent / "data" / "templates"
    for kind in TABLE_KINDS:
        for lang in ("zh", "en"):
            assert (folder / template_name(kind, lang, "csv")).read_bytes() == template_bytes(kind, lang, "csv")
            assert (folder / template_name(kind, lang, "xlsx")).is_file()
